using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Blocks;

namespace Lamina.L1.Blobs;

/// <summary>
/// The bytes of one block's blobs, in the block's blob order: what a proposer publishes beside its proposal, what a
/// node answers a sidecar request with, what block sync sends beside a block, and what a node stores for a committed
/// block within the retention window. Encoded as
/// <code>version (1) ‖ height (u64) ‖ block hash (32) ‖ count (u32, ≤ MaxCount) ‖ count × data (u32 length ‖ bytes, 1 to MaxBlobBytes)</code>
/// A count of 0 says "not held here" (a block with blobs has at least one).
/// </summary>
public sealed record BlobSidecars(ulong Height, Hash256 BlockHash, IReadOnlyList<byte[]> Blobs) : ICanonical<BlobSidecars>
{
    public const byte Version = 1;
    /// <summary>A block's blob gas limit is 786,432 bytes and a blob at least 1 byte, but every blob also pays 21,000 execution gas; 8,192 is far above either bound's blob count in practice.</summary>
    public const int MaxCount = 8_192;

    public static BlobSidecars NotHeld(ulong height, Hash256 blockHash) => new(height, blockHash, []);

    /// <summary>The sidecars of a block whose blobs are all held here, or null when one is not.</summary>
    public static BlobSidecars? Of(Block block)
    {
        var blobs = new List<byte[]>();
        foreach (var tx in block.Transactions)
        {
            if (tx.Payload.CarriedBlob is not { } blob) continue;
            if (blob.Data is not { } data) return null;
            blobs.Add(data);
        }
        return new BlobSidecars(block.Height, block.Hash, blobs);
    }

    /// <summary>How many blob transactions <paramref name="block"/> carries.</summary>
    public static int BlobCount(Block block)
    {
        var count = 0;
        foreach (var tx in block.Transactions)
        {
            if (tx.Payload.CarriedBlob is not null) count++;
        }
        return count;
    }

    /// <summary>
    /// Checks every sidecar against <paramref name="block"/>'s blob transactions (same block, same count, each length
    /// and commitment), then attaches them all; throws <see cref="InvalidSidecarException"/> and attaches nothing when
    /// one does not match.
    /// </summary>
    public void AttachTo(Block block)
    {
        if (block.Height != Height || block.Hash != BlockHash) throw new InvalidSidecarException(SidecarError.WrongBlock, $"sidecars for block {Height} {BlockHash}, not {block.Height} {block.Hash}");
        var count = BlobCount(block);
        if (count != Blobs.Count) throw new InvalidSidecarException(SidecarError.WrongBlock, $"{Blobs.Count} sidecars for a block of {count} blobs");
        var i = 0;
        foreach (var tx in block.Transactions)
        {
            if (tx.Payload.CarriedBlob is not { } blob) continue;
            try
            {
                blob.CheckSidecar(Blobs[i]);
            }
            catch (InvalidSidecarException e)
            {
                throw new InvalidSidecarException(e.Error, $"sidecar {i}: {e.Message}");
            }
            i++;
        }
        i = 0;
        foreach (var tx in block.Transactions)
        {
            if (tx.Payload.CarriedBlob is { } blob) blob.AttachSidecar(Blobs[i++]);
        }
    }

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(Height);
        writer.WriteHash(BlockHash);
        writer.WriteCount(Blobs.Count);
        foreach (var blob in Blobs) writer.WriteBytes(blob);
    }

    public static BlobSidecars Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "blob sidecars");
        var height = reader.ReadU64("height");
        var hash = reader.ReadHash("block hash");
        var count = reader.ReadCount(MaxCount, 5, "blob sidecars");
        var blobs = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var at = reader.Position;
            var data = reader.ReadBytes(BlobParameters.MaxBlobBytes, "blob sidecar");
            if (data.IsEmpty) throw new CodecException(CodecError.InvalidValue, "a blob sidecar is never empty", at);
            blobs[i] = data.ToArray();
        }
        return new BlobSidecars(height, hash, blobs);
    }

    public bool Equals(BlobSidecars? other)
    {
        if (other is null || other.Height != Height || other.BlockHash != BlockHash || other.Blobs.Count != Blobs.Count) return false;
        for (var i = 0; i < Blobs.Count; i++)
        {
            if (!Blobs[i].AsSpan().SequenceEqual(other.Blobs[i])) return false;
        }
        return true;
    }

    public override int GetHashCode() => HashCode.Combine(Height, BlockHash, Blobs.Count);
}
