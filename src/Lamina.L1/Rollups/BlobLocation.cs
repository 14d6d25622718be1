using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.L1.Rollups;

/// <summary>
/// Where a batch's blob is on DA: the L1 block <see cref="L1Height"/>, the blob's <see cref="BlobIndex"/> among that
/// block's blobs in transaction order (as <c>BlobModule.BlobsOf</c> lists them), and the block's
/// <see cref="DataRoot"/>, which a DA node's shares and proofs are checked against.
/// Encoding: l1 height (u64) ‖ blob index (u32) ‖ data root (32), 44 bytes.
/// </summary>
public readonly record struct BlobLocation(ulong L1Height, uint BlobIndex, Hash256 DataRoot)
{
    public const int EncodedSize = 8 + 4 + Hash256.Size;

    public void Write(CanonicalWriter writer)
    {
        writer.WriteU64(L1Height);
        writer.WriteU32(BlobIndex);
        writer.WriteHash(DataRoot);
    }

    public static BlobLocation Read(ref CanonicalReader reader)
        => new(reader.ReadU64("blob l1 height"), reader.ReadU32("blob index"), reader.ReadHash("data root"));

    /// <summary>Reads a list of 1 to <see cref="RollupLimits.MaxBlobsPerBatch"/> distinct locations.</summary>
    public static BlobLocation[] ReadList(ref CanonicalReader reader)
    {
        var at = reader.Position;
        var count = reader.ReadCount(RollupLimits.MaxBlobsPerBatch, EncodedSize, "blob locations");
        if (count == 0) throw new CodecException(CodecError.InvalidValue, "a batch has at least one blob", at);
        var list = new BlobLocation[count];
        for (var i = 0; i < count; i++)
        {
            list[i] = Read(ref reader);
            for (var j = 0; j < i; j++)
            {
                if (list[j].L1Height == list[i].L1Height && list[j].BlobIndex == list[i].BlobIndex)
                    throw new CodecException(CodecError.InvalidValue, $"blob {list[i].L1Height}/{list[i].BlobIndex} is listed twice", at);
            }
        }
        return list;
    }

    public static void WriteList(CanonicalWriter writer, IReadOnlyList<BlobLocation> list)
    {
        writer.WriteCount(list.Count);
        foreach (var location in list) location.Write(writer);
    }
}
