using CsCheck;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability.Tests;

public class BadEncodingTests
{
    private static readonly Hash256 HeaderHash = new(Enumerable.Repeat((byte)0x42, 32).ToArray());

    /// <summary>A producer that flips a byte of one parity share and commits to the result honestly hashed.</summary>
    internal static (ExtendedSquare Square, DataAvailabilityHeader Header) Corrupted(int k, int seed, int row, int column)
    {
        var (_, extended, _) = TestSquares.Build(k, seed);
        var bytes = extended.Bytes.ToArray();
        bytes[(((row * extended.Width) + column) * Share.Size) + 100] ^= 0x5A;
        var width = 2 * k;
        var present = Enumerable.Repeat(true, width * width).ToArray();
        var corrupted = SquareRepair.Repair(k, bytes, present, GfIsa.Scalar);
        return (corrupted, corrupted.ComputeHeader());
    }

    [Theory]
    [InlineData(1, 0, 1)]
    [InlineData(4, 0, 5)]
    [InlineData(8, 12, 3)]
    [InlineData(16, 20, 30)]
    public void A_corrupted_parity_share_yields_a_proof_that_verifies(int k, int row, int column)
    {
        var (square, header) = Corrupted(k, k, row, column);
        var proof = BadEncodingDetector.Find(square, HeaderHash, 7);
        Assert.NotNull(proof);
        proof.Verify(header);
        var decoded = Canonical.Decode<BadEncodingProof>(Canonical.Encode(proof));
        Assert.Equal(Canonical.Encode(proof), Canonical.Encode(decoded));
        decoded.Verify(header);
        Assert.Equal(HeaderHash, decoded.HeaderHash);
        Assert.Equal(7ul, decoded.Height);

        // Just k of the shares still prove it, wherever they are.
        var sparse = new BadEncodingProof(HeaderHash, 7, proof.Axis, proof.Index, k, proof.Shares.Select((s, j) => j % 2 == 1 ? s : null).ToArray());
        sparse.Verify(header);
    }

    [Fact]
    public void An_honest_square_never_yields_a_proof_and_a_proof_about_an_honest_axis_is_refused()
    {
        Gen.Select(Gen.Int[0, 4], Gen.Int).Sample((log, seed) =>
        {
            var (_, extended, header) = TestSquares.Build(1 << log, seed);
            Assert.Null(BadEncodingDetector.Find(extended, HeaderHash, 1));
            var index = (int)((uint)seed % (uint)extended.Width);
            var axis = seed % 2 == 0 ? Axis.Row : Axis.Column;
            var proof = BadEncodingProof.Create(extended, HeaderHash, 1, axis, index);
            Assert.Equal(BadEncodingError.AxisCorrectlyEncoded, Assert.Throws<InvalidBadEncodingProofException>(() => proof.Verify(header)).Error);
        }, iter: 25);
    }

    [Fact]
    public void Proofs_with_uncommitted_or_too_few_shares_or_the_wrong_shape_are_refused()
    {
        var (square, header) = Corrupted(4, 3, 1, 6);
        var proof = BadEncodingDetector.Find(square, HeaderHash, 9)!;
        var shares = proof.Shares.ToArray();
        var forged = shares[2]!.Bytes.ToArray();
        forged[400] ^= 1;
        shares[2] = new ProvenShare(forged, shares[2]!.Proof);
        var tampered = new BadEncodingProof(HeaderHash, 9, proof.Axis, proof.Index, 4, shares);
        Assert.Equal(BadEncodingError.ShareNotCommitted, Assert.Throws<InvalidBadEncodingProofException>(() => tampered.Verify(header)).Error);

        var few = new BadEncodingProof(HeaderHash, 9, proof.Axis, proof.Index, 4, proof.Shares.Select((s, j) => j < 3 ? s : null).ToArray());
        Assert.Equal(BadEncodingError.NotEnoughShares, Assert.Throws<InvalidBadEncodingProofException>(() => few.Verify(header)).Error);

        var (_, _, wide) = TestSquares.Build(8, 1);
        Assert.Equal(BadEncodingError.WrongShape, Assert.Throws<InvalidBadEncodingProofException>(() => proof.Verify(wide)).Error);
    }

    [Fact]
    public void Malformed_encodings_are_refused_with_codec_errors()
    {
        var (square, _) = Corrupted(2, 5, 0, 3);
        var encoded = Canonical.Encode(BadEncodingDetector.Find(square, HeaderHash, 3)!);
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => Canonical.Decode<BadEncodingProof>(encoded.AsSpan(0, encoded.Length - 1))).Error);
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => Canonical.Decode<BadEncodingProof>(encoded.Concat(new byte[1]).ToArray())).Error);
        var version = (byte[])encoded.Clone();
        version[0] = 2;
        Assert.Equal(CodecError.UnknownVersion, Assert.Throws<CodecException>(() => Canonical.Decode<BadEncodingProof>(version)).Error);
        var axis = (byte[])encoded.Clone();
        axis[1 + 32 + 8] = 2;
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => Canonical.Decode<BadEncodingProof>(axis)).Error);
        var width = (byte[])encoded.Clone();
        width[1 + 32 + 8 + 1 + 2 + 1] = 3;
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => Canonical.Decode<BadEncodingProof>(width)).Error);
        var flag = (byte[])encoded.Clone();
        flag[1 + 32 + 8 + 1 + 2 + 2] = 2;
        Assert.Equal(CodecError.NonCanonical, Assert.Throws<CodecException>(() => Canonical.Decode<BadEncodingProof>(flag)).Error);
    }

    [Fact]
    public void Repair_of_a_corrupted_square_from_the_original_quadrant_reports_bad_encoding()
    {
        var (square, header) = Corrupted(8, 2, 2, 9);
        var bytes = square.Bytes.ToArray();
        var present = Enumerable.Range(0, 256).Select(i => i / 16 < 8 && i % 16 < 8).ToArray();
        Assert.Throws<BadEncodingException>(() => SquareRepair.Repair(8, bytes, present, GfIsaSupport.Best, header));
    }
}
