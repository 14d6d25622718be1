using Lamina.Core.Codec;
using Lamina.L1.Transactions;

namespace Lamina.L1.Rollups;

/// <summary>
/// References batch <see cref="Number"/> of a rollup by its blobs' DA locations. Only the rollup's batch poster may
/// send it, numbers run 0, 1, 2, … without a gap, and every blob must already be final on L1 (see
/// <see cref="RollupsModule"/>). Body: rollup id (u64) ‖ batch number (u64) ‖ count (u32, 1 to 16) ‖ count × blob
/// location (44), no location twice.
/// </summary>
public sealed class RollupBatchPayload : TxPayload
{
    public const ulong BaseGas = 40_000;
    public const ulong GasPerBlob = 5_000;

    public RollupBatchPayload(ulong rollupId, ulong number, BlobLocation[] blobs)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        if (blobs.Length is 0 or > RollupLimits.MaxBlobsPerBatch) throw new ArgumentException($"a batch has 1 to {RollupLimits.MaxBlobsPerBatch} blobs", nameof(blobs));
        RollupId = rollupId;
        Number = number;
        Blobs = blobs;
    }

    public ulong RollupId { get; }
    public ulong Number { get; }
    public BlobLocation[] Blobs { get; }
    public override TxKind Kind => TxKind.RollupBatch;
    public override ulong IntrinsicGas => BaseGas + GasPerBlob * (ulong)Blobs.Length;

    public override void EncodeBody(CanonicalWriter writer)
    {
        writer.WriteU64(RollupId);
        writer.WriteU64(Number);
        BlobLocation.WriteList(writer, Blobs);
    }

    internal static RollupBatchPayload DecodeBody(ref CanonicalReader reader)
        => new(reader.ReadU64("rollup id"), reader.ReadU64("batch number"), BlobLocation.ReadList(ref reader));
}
