using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Tests.Rollups.Dispute.Derived;

/// <summary>
/// Golden vectors for the derived descent's opening and the records L1 keeps for it, written out field by field here
/// (not by the encoder), and the decoder's refusals.
/// </summary>
public sealed class DerivedCodecTests
{
    private static Hash256 Filled(byte b) => new(Enumerable.Repeat(b, 32).ToArray());

    private static DerivedOpening Sample() => new(new OptimisticOutput(Filled(0x11), Filled(0x22), 7), Enumerable.Repeat((byte)0x33, L2HeaderPreimage.EncodedSize).ToArray(),
        Filled(0x44), [true, false, true], [new DerivedFrame(2, 1, [0xAB, 0xCD])]);

    private static string Golden =>
        "01" + "01" + new string('1', 64) + new string('2', 64) + "0000000000000007"
        + string.Concat(Enumerable.Repeat("33", L2HeaderPreimage.EncodedSize)) + new string('4', 64)
        + "00000003" + "05" + "01" + "0000000000000002" + "00000001" + "00000002" + "abcd";

    [Fact]
    public void Derived_opening_golden_vector()
    {
        Assert.Equal(Golden, Convert.ToHexStringLower(Sample().Encode()));
        Assert.Equal(Golden, Convert.ToHexStringLower(DerivedOpening.Decode(Convert.FromHexString(Golden)).Encode()));
        var move = DisputeMove.Derive(5, attack: false, Sample());
        Assert.Equal("01" + "0a" + "00000005" + Golden, Convert.ToHexStringLower(move.Encode()));
        var decoded = DisputeMove.Decode(move.Encode());
        Assert.Equal(DisputeMoveKind.DeriveDefend, decoded.Kind);
        Assert.Equal(new[] { true, false, true }, decoded.Derived!.Mask);
    }

    [Fact]
    public void Record_golden_vectors()
    {
        Assert.Equal("01" + "00000001" + new string('5', 64), Convert.ToHexStringLower(Canonical.Encode(new BatchCommitmentsRecord([Filled(0x55)]))));
        Assert.Equal("01" + "00000002" + new string('5', 64) + new string('6', 64), Convert.ToHexStringLower(Canonical.Encode(new BlockBlobCommitmentsRecord([Filled(0x55), Filled(0x66)]))));
        Assert.Equal("01" + "00000000000003e8", Convert.ToHexStringLower(Canonical.Encode(new L1TimeRecord(1_000))));
        Assert.Equal(new BatchCommitmentsRecord([Filled(0x55)]), Canonical.Decode<BatchCommitmentsRecord>(Canonical.Encode(new BatchCommitmentsRecord([Filled(0x55)]))));
        Assert.Throws<CodecException>(() => Canonical.Decode<BatchCommitmentsRecord>(Convert.FromHexString("0100000000")));
    }

    [Fact]
    public void A_derived_game_record_appends_its_rules_and_a_plain_one_is_unchanged()
    {
        var plain = new DisputeGameRecord(7, 3, 1, new OptimisticOutput(Filled(1), Filled(2), 4), 9, Filled(3), new Address(new byte[20]), 10, 20, null, 0, []);
        var derived = plain with { Derivation = new DerivationRules(1, 2, 3, 4, 5) };
        var plainBytes = Canonical.Encode(plain);
        var derivedBytes = Canonical.Encode(derived);
        Assert.Equal(1, plainBytes[0]);
        Assert.Equal(2, derivedBytes[0]);
        Assert.Equal(plainBytes.Length + 40, derivedBytes.Length);
        Assert.Equal(plainBytes[1..], derivedBytes[1..plainBytes.Length]);
        Assert.Equal(new DerivationRules(1, 2, 3, 4, 5), Canonical.Decode<DisputeGameRecord>(derivedBytes).Derivation);
        Assert.Null(Canonical.Decode<DisputeGameRecord>(plainBytes).Derivation);
        Assert.Throws<CodecException>(() => Canonical.Decode<DisputeGameRecord>([.. plainBytes, 0]));
    }

    [Fact]
    public void Malformed_openings_are_refused()
    {
        var golden = Convert.FromHexString(Golden);
        var maskAt = 1 + OptimisticOutput.EncodedSize + L2HeaderPreimage.EncodedSize + 32 + 4;
        void Refused(byte[] bytes, CodecError error) => Assert.Equal(error, Assert.Throws<CodecException>(() => DerivedOpening.Decode(bytes)).Error);

        Refused(golden[..^1], CodecError.Truncated);
        Refused([.. golden, 0], CodecError.TrailingBytes);
        var highBit = golden.ToArray();
        highBit[maskAt] |= 0x80;
        Refused(highBit, CodecError.NonCanonical);
        // No frames: the block derivation builds itself; it round-trips.
        var noFrames = golden.ToArray()[..(maskAt + 2)];
        noFrames[maskAt + 1] = 0;
        Assert.Empty(DerivedOpening.Decode(noFrames).Frames);
        Assert.Equal(noFrames, DerivedOpening.Decode(noFrames).Encode());
        var hugeMask = golden.ToArray();
        hugeMask[maskAt - 4] = 0x7F;
        Refused(hugeMask, CodecError.Oversize);
        var twice = Sample() with { Frames = [new DerivedFrame(2, 1, [1]), new DerivedFrame(2, 1, [2])] };
        Refused(twice.Encode(), CodecError.NonCanonical);
        var descending = Sample() with { Frames = [new DerivedFrame(3, 0, [1]), new DerivedFrame(2, 5, [2])] };
        Refused(descending.Encode(), CodecError.NonCanonical);
        Refused(new DerivedOpening(Sample().PreOutput, Sample().ParentHeader, Filled(0x44), [], [.. Enumerable.Range(0, 4).Select(i => new DerivedFrame((ulong)i, 0, [1]))]).Encode(), CodecError.InvalidValue);
    }
}
