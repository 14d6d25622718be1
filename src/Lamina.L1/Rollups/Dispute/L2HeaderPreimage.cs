using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// An L2 block header as L1 reads it when a claim's output root is opened in a game: the 149-byte encoding of
/// <c>Lamina.L2.Optimistic.Chain.L2BlockHeader</c> (which L1 cannot reference: that project builds on L1), read for the
/// fields the game needs. Its hash and the <see cref="Output"/> it implies are computed exactly as the L2 chain does;
/// a test in Lamina.L2.Optimistic.Tests pins that both read and hash every header alike.
/// </summary>
public sealed record L2HeaderPreimage(ulong Number, Hash256 ParentHash, ulong L1Origin, uint TxCount, Hash256 TxRoot, Hash256 StateRoot, byte[] Encoded)
{
    /// <summary>The block's time in milliseconds (what derivation takes from the batch).</summary>
    public ulong TimestampMs { get; init; }

    /// <summary>The deposit queue position the block consumed through.</summary>
    public ulong NextDeposit { get; init; }

    /// <summary>The forced queue position the block consumed through.</summary>
    public ulong NextForced { get; init; }

    /// <summary>How far the forced-inclusion delay buffer is below its maximum after the block (0 = full).</summary>
    public ulong DelayBufferDeficit { get; init; }

    public const byte Version = 2;
    public const int EncodedSize = 1 + 8 + Hash256.Size + 8 * 5 + 4 + Hash256.Size * 2;
    private static readonly DomainTag HashTag = new("lamina/l2/optimistic/block");

    public Hash256 Hash => DomainHasher.Hash(HashTag, Encoded);

    /// <summary>The output root a proposer posts for this header's block.</summary>
    public OptimisticOutput Output => new(StateRoot, Hash, Number);

    /// <summary>Where executing this block's transactions must end: all of them applied, at the header's state root.</summary>
    public ExecutionPoint Final => new(StateRoot, TxRoot, TxCount, TxCount, true);

    public static L2HeaderPreimage Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        reader.ExpectVersion(Version, "l2 block header");
        var number = reader.ReadU64("number");
        var parent = reader.ReadHash("parent hash");
        var origin = reader.ReadU64("l1 origin");
        var time = reader.ReadU64("timestamp");
        var nextDeposit = reader.ReadU64("next deposit");
        var nextForced = reader.ReadU64("next forced");
        var deficit = reader.ReadU64("delay buffer deficit");
        var count = reader.ReadU32("tx count");
        var txRoot = reader.ReadHash("tx root");
        var stateRoot = reader.ReadHash("state root");
        reader.EnsureEnd("l2 block header");
        return new L2HeaderPreimage(number, parent, origin, count, txRoot, stateRoot, bytes.ToArray()) { TimestampMs = time, NextDeposit = nextDeposit, NextForced = nextForced, DelayBufferDeficit = deficit };
    }
}
