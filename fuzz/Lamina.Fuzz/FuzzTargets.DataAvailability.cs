using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Nmt;
using Lamina.DataAvailability.Shares;

namespace Lamina.Fuzz;

/// <summary>
/// Targets for the data availability decoders: shares, squares, namespaced Merkle proofs, share proofs, the
/// header and bad-encoding fraud proofs. Whatever decodes must re-encode to the input and is then checked against
/// the seed square (<see cref="DataAvailabilityFixture"/>), so mutants reach the verifiers too.
/// </summary>
public static partial class FuzzTargets
{
    private static void DaShareTarget(ReadOnlySpan<byte> input)
    {
        Share share;
        try
        {
            share = Share.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, share.Bytes, nameof(Share));
    }

    private static void DaSquareTarget(ReadOnlySpan<byte> input)
    {
        var shares = input.Length / Share.Size;
        var width = (int)Math.Sqrt(shares);
        try
        {
            var square = DataSquare.FromShares(width, input);
            var blobs = square.ExtractBlobs();
            // Accepted squares are canonical: laying their blobs out again gives the same bytes.
            Same(input, DataSquare.FromBlobs(blobs).Bytes, nameof(DataSquare));
        }
        catch (InvalidSquareException)
        {
        }
    }

    private static void DaNamespaceProofTarget(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<NamespaceProof>(input, out var proof)) return;
        var fixture = DataAvailabilityFixture.Instance;
        try
        {
            if (proof.ProvesAbsence) proof.VerifyAbsent(fixture.Header.RowRoots[0], fixture.Extended.Width);
            else proof.VerifyComplete(fixture.Header.RowRoots[0], fixture.Extended.Width, fixture.SharesOf(0, proof.Namespace));
        }
        catch (InvalidNmtException)
        {
        }
    }

    private static void DaShareProofTarget(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<ShareProof>(input, out var proof)) return;
        var fixture = DataAvailabilityFixture.Instance;
        if (proof.OriginalWidth != fixture.Extended.OriginalWidth) return;
        try
        {
            proof.Verify(fixture.Header.DataRoot, fixture.Extended.Share(proof.Row, proof.Column));
        }
        catch (InvalidNmtException)
        {
        }
        catch (InvalidMerkleProofException)
        {
        }
    }

    private static void DaBadEncodingProofTarget(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<BadEncodingProof>(input, out var proof)) return;
        var fixture = DataAvailabilityFixture.Instance;
        try
        {
            proof.Verify(fixture.CorruptedHeader);
        }
        catch (InvalidBadEncodingProofException)
        {
            return;
        }
        // Accepted: then it must not be a proof against the honest header's correctly encoded square.
        try
        {
            proof.Verify(fixture.Header);
        }
        catch (InvalidBadEncodingProofException)
        {
            return;
        }
        throw new FuzzFindingException("a bad-encoding proof verified against an honestly encoded square");
    }
}
