using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Tests.Rollups.Dispute;

/// <summary>
/// Golden vectors of every dispute encoding, computed independently by golden/gen_dispute_vectors.py from the
/// documented layouts, and the decoders' refusals.
/// </summary>
public sealed class DisputeCodecTests
{
    private static readonly ExecutionPoint Point = new(Fill(0x11), Fill(0x22), 12, 5, true);
    private static readonly Hash256 Commit = Fill(0x33);
    private static readonly StepProof Step = new(Point, OneStepTransaction.ForDeposit(0, new Address(Enumerable.Repeat((byte)0x55, Address.Size).ToArray()), 1000).Encode(), [Fill(0x44)], [1, 0]);

    private const string PointHex = "01111111111111111111111111111111111111111111111111111111111111111122222222222222222222222222222222222222222222222222222222222222220000000c0000000501";
    private const string StepMoveHex = "0102000000090000009f0101111111111111111111111111111111111111111111111111111111111111111122222222222222222222222222222222222222222222222222222222222222220000000c00000005010000002601020000000000000000555555555555555555555555555555555555555500000000000003e8000000014444444444444444444444444444444444444444444444444444444444444444000000020100";

    private static Hash256 Fill(byte b) => new(Enumerable.Repeat(b, Hash256.Size).ToArray());

    [Fact]
    public void Encodings_match_their_golden_vectors_and_round_trip()
    {
        Assert.Equal(PointHex, Hex.Encode(Point.Encode(), prefix: false));
        Assert.Equal("5649c7568f2ce878ec0ae53eea249144c564caeb73cab5f683b37a027db46929", Hex.Encode(Point.Commitment.ToArray(), prefix: false));
        Assert.Equal(Point, ExecutionPoint.Decode(Point.Encode()));
        Assert.Equal("0100000000033333333333333333333333333333333333333333333333333333333333333333", Hex.Encode(DisputeMove.Attack(3, Commit).Encode(), prefix: false));
        Assert.Equal("0101000000043333333333333333333333333333333333333333333333333333333333333333", Hex.Encode(DisputeMove.Defend(4, Commit).Encode(), prefix: false));
        var step = DisputeMove.StepOn(9, attack: true, Step);
        Assert.Equal(StepMoveHex, Hex.Encode(step.Encode(), prefix: false));
        var decoded = DisputeMove.Decode(step.Encode());
        Assert.Equal(step.Encode(), decoded.Encode());
        Assert.Equal(DisputeMove.Attack(3, Commit), DisputeMove.Decode(DisputeMove.Attack(3, Commit).Encode()));
    }

    [Fact]
    public void Every_truncation_and_a_trailing_byte_are_refused()
    {
        foreach (var encoded in new[] { Hex.Decode(StepMoveHex), DisputeMove.Attack(3, Commit).Encode() })
        {
            for (var length = 0; length < encoded.Length; length++)
                Assert.Throws<CodecException>(() => DisputeMove.Decode(encoded.AsSpan(0, length)));
            Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => DisputeMove.Decode([.. encoded, 0])).Error);
        }
        var point = Point.Encode();
        for (var length = 0; length < point.Length; length++) Assert.Throws<CodecException>(() => ExecutionPoint.Decode(point.AsSpan(0, length)));
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => ExecutionPoint.Decode([.. point, 0])).Error);
    }

    [Fact]
    public void Unknown_versions_kinds_and_impossible_values_are_refused()
    {
        var attack = DisputeMove.Attack(3, Commit).Encode();
        Assert.Equal(CodecError.UnknownVersion, Assert.Throws<CodecException>(() => DisputeMove.Decode([2, .. attack[1..]])).Error);
        Assert.Equal(CodecError.UnknownKind, Assert.Throws<CodecException>(() => DisputeMove.Decode([1, 11, .. attack[2..]])).Error);
        var point = Point.Encode();
        point[^5..^1].AsSpan().Clear();
        point[^2] = 13; // cursor 13 of 12 transactions
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => ExecutionPoint.Decode(point)).Error);
        Assert.Equal(CodecError.Oversize, Assert.Throws<CodecException>(() => DisputeMove.Decode(new byte[DisputeMove.MaxEncodedSize + 1])).Error);
        var oversizedPath = new StepProof(Point, Step.Transaction, Enumerable.Repeat(Commit, StepProof.MaxPathLength + 1).ToArray(), []).Encode();
        Assert.Equal(CodecError.Oversize, Assert.Throws<CodecException>(() => StepProof.Decode(oversizedPath)).Error);
    }
}
