using Lamina.Consensus;
using Lamina.Core.Codec;
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

/// <summary>Committed blocks with the commits that finalized them, and the sender's head height.</summary>
public sealed record SyncResponse(ulong PeerHeight, IReadOnlyList<(Block Block, Commit Commit)> Blocks) : ICanonical<SyncResponse>
{
    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU64(PeerHeight);
        writer.WriteCount(Blocks.Count);
        foreach (var (block, commit) in Blocks)
        {
            block.Encode(writer);
            commit.Encode(writer);
        }
    }

    public static SyncResponse Decode(ref CanonicalReader reader)
    {
        var height = reader.ReadU64("peer height");
        var count = reader.ReadCount((int)SyncRequest.MaxCount, 64, "blocks");
        var blocks = new (Block, Commit)[count];
        for (var i = 0; i < count; i++) blocks[i] = (Block.Decode(ref reader), Commit.Decode(ref reader));
        return new SyncResponse(height, blocks);
    }
}
