using Lamina.Core.Codec;

namespace Lamina.L1.Rollups;

/// <summary>
/// The blob base fee per blob byte of one L1 block, as the rollups module records it at the block's end (the blobs
/// module's <c>CurrentBaseFee</c>, exactly what <c>rollup_getL1Block</c> answers as <c>blobBaseFee</c>). An L2 block
/// whose L1 origin is that block charges fees at that price, so the dispute game's step reads it here to run the
/// rules with the fees derivation ran them with. Encoding: version (1) ‖ fee (u64), 9 bytes.
/// </summary>
public sealed record BlobFeeRecord(ulong BaseFeePerByte) : ICanonical<BlobFeeRecord>
{
    public const byte Version = 1;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(BaseFeePerByte);
    }

    public static BlobFeeRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "blob fee");
        return new BlobFeeRecord(reader.ReadU64("blob base fee"));
    }
}
