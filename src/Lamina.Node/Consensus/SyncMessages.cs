using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.L1.Blobs;
using Lamina.L1.Blocks;

namespace Lamina.Node.Consensus;

/// <summary>"Send me up to <see cref="Count"/> committed blocks from <see cref="FromHeight"/>."</summary>
public sealed record SyncRequest(ulong FromHeight, uint Count) : ICanonical<SyncRequest>
{
    public const uint MaxCount = 64;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU64(FromHeight);
        writer.WriteU32(Count);
    }

    public static SyncRequest Decode(ref CanonicalReader reader)
    {
        var from = reader.ReadU64("from height");
        var count = reader.ReadU32("count");
        if (count == 0 || count > MaxCount) throw new CodecException(CodecError.InvalidValue, $"sync count must be 1..{MaxCount}", reader.Position);
        return new SyncRequest(from, count);
    }
}

/// <summary>
/// Committed blocks with the commits that finalized them, each with its blob sidecars when the sender holds them, and
/// the sender's head height. Format 2 (format 1 had no version byte and no sidecars: blocks then carried blob bytes):
/// <code>version (2) ‖ peer height (u64) ‖ count (u32) ‖ count × (block ‖ commit ‖ has sidecars (bool) ‖ [BlobSidecars of that block])</code>
/// </summary>
public sealed record SyncResponse(ulong PeerHeight, IReadOnlyList<(Block Block, Commit Commit)> Blocks, IReadOnlyList<BlobSidecars?>? Sidecars = null)
    : ICanonical<SyncResponse>
{
    public const byte Version = 2;

    /// <summary>The sidecars sent with block <paramref name="index"/>, or null.</summary>
    public BlobSidecars? SidecarsOf(int index) => Sidecars is { } list && index < list.Count ? list[index] : null;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(PeerHeight);
        writer.WriteCount(Blocks.Count);
        for (var i = 0; i < Blocks.Count; i++)
        {
            var (block, commit) = Blocks[i];
            block.Encode(writer);
            commit.Encode(writer);
            var sidecars = SidecarsOf(i);
            writer.WriteBool(sidecars is not null);
            sidecars?.Encode(writer);
        }
    }

    public static SyncResponse Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "sync response");
        var height = reader.ReadU64("peer height");
        var count = reader.ReadCount((int)SyncRequest.MaxCount, 64, "blocks");
        var blocks = new (Block, Commit)[count];
        var sidecars = new BlobSidecars?[count];
        for (var i = 0; i < count; i++)
        {
            var block = Block.Decode(ref reader);
            blocks[i] = (block, Commit.Decode(ref reader));
            if (!reader.ReadBool("has sidecars")) continue;
            var at = reader.Position;
            var s = BlobSidecars.Decode(ref reader);
            if (s.Height != block.Height || s.BlockHash != block.Hash) throw new CodecException(CodecError.InvalidValue, $"sidecars for block {s.Height} sent with block {block.Height}", at);
            sidecars[i] = s;
        }
        return new SyncResponse(height, blocks, sidecars);
    }

    public bool Equals(SyncResponse? other)
        => other is not null && Canonical.Encode(this).AsSpan().SequenceEqual(Canonical.Encode(other));

    public override int GetHashCode() => HashCode.Combine(PeerHeight, Blocks.Count);
}
