using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Tests.Rollups.Dispute;

/// <summary>
/// Golden vectors of the output game's moves and its L1 records and transaction bodies, computed independently by
/// golden/gen_dispute_vectors.py from the documented layouts, and their refusals.
/// </summary>
public sealed class DisputeL1CodecTests
{
    private static readonly ExecutionPoint Point = new(Fill(0x11), Fill(0x22), 12, 5, true);
    private static readonly Hash256 Commit = Fill(0x33);
    private static readonly OptimisticOutput Output = new(Fill(0x11), Fill(0x12), 3);
    private static readonly UInt128 Bond = 1_094_930;

    private static Hash256 Fill(byte b) => new(Enumerable.Repeat(b, Hash256.Size).ToArray());

    private static byte[] Header()
    {
        var writer = new CanonicalWriter();
        writer.WriteU8(L2HeaderPreimage.Version);
        writer.WriteU64(4);
        writer.WriteHash(Fill(0x12));
        for (var i = 0UL; i < 5; i++) writer.WriteU64(i);
        writer.WriteU32(2);
        writer.WriteHash(Commit);
        writer.WriteHash(Fill(0x11));
        return writer.ToArray();
    }

    private static DisputeGameRecord Record => new(7, 2, 1, Output, 9, Commit, new Address(Enumerable.Repeat((byte)0x66, Address.Size).ToArray()), 5, 1000,
        DisputeOutcome.ChallengerWins, 8, [new DisputeMoveEntry(new Address(Enumerable.Repeat((byte)0x55, Address.Size).ToArray()), Bond, 2000, DisputeMove.Attack(0, Commit).Encode())]);

    private static string HexOf(byte[] bytes) => Hex.Encode(bytes, prefix: false);

    private static string Body(TxPayload payload)
    {
        var writer = new CanonicalWriter();
        payload.EncodeBody(writer);
        return HexOf(writer.ToArray());
    }

    [Fact]
    public void Encodings_match_their_golden_vectors_and_round_trip()
    {
        var descend = DisputeMove.Descend(2, attack: true, new SplitOpening(Point, Output, 0x0102));
        Assert.Equal("01040000000201111111111111111111111111111111111111111111111111111111111111111122222222222222222222222222222222222222222222222222222222222222220000000c0000000501011111111111111111111111111111111111111111111111111111111111111111121212121212121212121212121212121212121212121212121212121212121200000000000000030000000000000102", HexOf(descend.Encode()));
        Assert.Equal("010700000005", HexOf(DisputeMove.Clamp(5, attack: false).Encode()));
        var reveal = DisputeMove.Reveal(0, Header());
        Assert.Equal("0108000000000200000000000000041212121212121212121212121212121212121212121212121212121212121212000000000000000000000000000000010000000000000002000000000000000300000000000000040000000233333333333333333333333333333333333333333333333333333333333333331111111111111111111111111111111111111111111111111111111111111111", HexOf(reveal.Encode()));
        foreach (var move in new[] { descend, reveal, DisputeMove.Clamp(5, attack: false) }) Assert.Equal(move.Encode(), DisputeMove.Decode(move.Encode()).Encode());
        var header = L2HeaderPreimage.Decode(Header());
        Assert.Equal("627d5a12a171d4b2e34064533f630aaedc9c0b07f65b62f0416917e1b0865732", HexOf(header.Hash.ToArray()));
        Assert.Equal((4UL, Fill(0x12), 0UL, 2U, Commit, Fill(0x11)), (header.Number, header.ParentHash, header.L1Origin, header.TxCount, header.TxRoot, header.StateRoot));
        Assert.Equal((1UL, 2UL, 3UL, 4UL), (header.TimestampMs, header.NextDeposit, header.NextForced, header.DelayBufferDeficit));
        Assert.Equal("0100000000000000070000000000000002000000000000000101111111111111111111111111111111111111111111111111111111111111111112121212121212121212121212121212121212121212121212121212121212120000000000000003000000000000000933333333333333333333333333333333333333333333333333333333333333336666666666666666666666666666666666666666000000000000000500000000000003e80200000000000000080000000155555555555555555555555555555555555555550000000000000000000000000010b51200000000000007d0000000260100000000003333333333333333333333333333333333333333333333333333333333333333", HexOf(Canonical.Encode(Record)));
        Assert.Equal(Canonical.Encode(Record), Canonical.Encode(Canonical.Decode<DisputeGameRecord>(Canonical.Encode(Record))));
        Assert.Equal("010000000200000000000000020000000000000005", HexOf(Canonical.Encode(new DisputeIndexRecord([2, 5]))));
        Assert.Equal("000000000000000700000000000000020111111111111111111111111111111111111111111111111111111111111111111212121212121212121212121212121212121212121212121212121212121212000000000000000333333333333333333333333333333333333333333333333333333333333333330000000000000000000000000010b512", Body(new DisputeCreatePayload(7, 2, Output, Commit, Bond)));
        Assert.Equal("000000000000000700000000000000020000000000000000000000000000000000000006010600000003", Body(new DisputeMovePayload(7, 2, 0, DisputeMove.Clamp(3, attack: true))));
        Assert.Equal("00000000000000070000000000000002", Body(new DisputeResolvePayload(7, 2)));
    }

    /// <summary>The game record of <see cref="Record"/> deriving lists, with L1's result of its one (derived) move stored: version 3.</summary>
    private static DisputeGameRecord StoredRecord => Record with
    {
        Derivation = new Lamina.L1.Rollups.Dispute.Derivation.DerivationRules(1, 2, 3, 4, 5),
        Derived = [new(0, new(4, Fill(0x12), 2, 3_000, 1, 0, 0, new Lamina.L1.Rollups.Dispute.Derivation.DerivationSource(6, 2, 1), 3, Fill(0x22), Commit))],
    };

    [Fact]
    public void A_record_with_stored_derivations_matches_its_golden_vector_and_refuses_truncation()
    {
        const string golden = "0300000000000000070000000000000002000000000000000101111111111111111111111111111111111111111111111111111111111111111112121212121212121212121212121212121212121212121212121212121212120000000000000003000000000000000933333333333333333333333333333333333333333333333333333333333333336666666666666666666666666666666666666666000000000000000500000000000003e80200000000000000080000000155555555555555555555555555555555555555550000000000000000000000000010b51200000000000007d00000002601000000000033333333333333333333333333333333333333333333333333333333333333330000000000000001000000000000000200000000000000030000000000000004000000000000000500000001000000000000000000000004121212121212121212121212121212121212121212121212121212121212121200000000000000020000000000000bb800000000000000010000000000000000000000000000000000000000000000060000000000000002000000010000000322222222222222222222222222222222222222222222222222222222222222223333333333333333333333333333333333333333333333333333333333333333";
        var bytes = Canonical.Encode(StoredRecord);
        Assert.Equal(golden, HexOf(bytes));
        var decoded = Canonical.Decode<DisputeGameRecord>(bytes);
        Assert.Equal(StoredRecord.Derived, decoded.Derived);
        Assert.Equal(bytes, Canonical.Encode(decoded));
        for (var length = 0; length < bytes.Length; length++) Assert.Throws<CodecException>(() => Canonical.Decode<DisputeGameRecord>(bytes.AsSpan(0, length)));
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => Canonical.Decode<DisputeGameRecord>([.. bytes, 0])).Error);
        var huge = bytes.ToArray();
        huge[^(2 * Hash256.Size + 4)] = 0xFF;
        Assert.Equal(CodecError.Oversize, Assert.Throws<CodecException>(() => Canonical.Decode<DisputeGameRecord>(huge)).Error);
        // Only a game that derives lists stores results.
        Assert.Throws<InvalidOperationException>(() => Canonical.Encode(StoredRecord with { Derivation = null }));
    }

    [Fact]
    public void Truncations_trailing_bytes_and_impossible_values_are_refused()
    {
        var record = Canonical.Encode(Record);
        for (var length = 0; length < record.Length; length++) Assert.Throws<CodecException>(() => Canonical.Decode<DisputeGameRecord>(record.AsSpan(0, length)));
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => Canonical.Decode<DisputeGameRecord>([.. record, 0])).Error);
        var outcome = record.ToArray();
        outcome[1 + 8 * 3 + OptimisticOutput.EncodedSize + 8 + 32 + 20 + 16] = 3;
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => Canonical.Decode<DisputeGameRecord>(outcome)).Error);
        var header = Header();
        for (var length = 0; length < header.Length; length++) Assert.Throws<CodecException>(() => L2HeaderPreimage.Decode(header.AsSpan(0, length)));
        Assert.Equal(CodecError.UnknownVersion, Assert.Throws<CodecException>(() => L2HeaderPreimage.Decode([1, .. header[1..]])).Error);
        var reveal = DisputeMove.Reveal(0, header).Encode();
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => DisputeMove.Decode([.. reveal, 0])).Error);
        var descend = DisputeMove.Descend(2, attack: true, new SplitOpening(Point, Output, 0x0102)).Encode();
        Assert.Throws<CodecException>(() => DisputeMove.Decode(descend.AsSpan(0, descend.Length - 1)));
    }
}
