using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.L2.Optimistic;

/// <summary>
/// What a proposer commits to on L1 for an L2 block, after OP Stack's output root
/// (version ‖ state root ‖ withdrawals storage root ‖ block hash). Here the withdrawal receipts live in the state tree
/// itself under their own key space, so the state root already commits to them and one inclusion proof suffices;
/// the block number is committed so that two outputs for different heights can never share a root.
/// Root = H("lamina/l2/optimistic/output-root", version ‖ state root ‖ block hash ‖ block number).
/// </summary>
public readonly record struct OptimisticOutput(Hash256 StateRoot, Hash256 L2BlockHash, ulong L2BlockNumber)
{
    public const byte Version = 1;
    public const int EncodedSize = 1 + Hash256.Size * 2 + 8;
    private static readonly DomainTag RootTag = new("lamina/l2/optimistic/output-root");

    public Hash256 Root => DomainHasher.Hash(RootTag, Encode());

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(EncodedSize);
        Write(writer);
        return writer.ToArray();
    }

    public void Write(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteHash(StateRoot);
        writer.WriteHash(L2BlockHash);
        writer.WriteU64(L2BlockNumber);
    }

    public static OptimisticOutput Read(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "optimistic output");
        return new OptimisticOutput(reader.ReadHash("state root"), reader.ReadHash("l2 block hash"), reader.ReadU64("l2 block number"));
    }
}
