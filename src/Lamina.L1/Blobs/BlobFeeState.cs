using Lamina.Core.Codec;

namespace Lamina.L1.Blobs;

/// <summary>
/// The blob module's one record: the excess blob gas the current block started with, and the blob gas its
/// transactions have used so far (after a block, that block's total). Encoded as version (1) ‖ excess (u64) ‖ used
/// (u64). The record is absent while both are zero, so a chain that never carries a blob has the same state root as
/// one without the module.
/// </summary>
public sealed record BlobFeeState(ulong ExcessBlobGas, ulong BlobGasUsed) : ICanonical<BlobFeeState>
{
    public const byte Version = 1;

    public static readonly BlobFeeState Zero = new(0, 0);

    public bool IsZero => ExcessBlobGas == 0 && BlobGasUsed == 0;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(ExcessBlobGas);
        writer.WriteU64(BlobGasUsed);
    }

    public static BlobFeeState Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "blob fee state");
        var excess = reader.ReadU64("excess blob gas");
        var used = reader.ReadU64("blob gas used");
        var state = new BlobFeeState(excess, used);
        if (state.IsZero) throw new CodecException(CodecError.NonCanonical, "a zero blob fee state is stored as no record", reader.Position);
        return state;
    }
}
