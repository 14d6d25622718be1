using Lamina.Core.Merkle;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Nmt;
using Lamina.Node.DataAvailability;

namespace Lamina.Fuzz;

/// <summary>
/// Targets for DA part 2's decoders: the column share proof a DA node serves (verified against the seed square's
/// data root), the square record a DA node stores, and the share request and response of its peer channel. Whatever decodes must re-encode to the input.
/// </summary>
public static partial class FuzzTargets
{
    private static void DaColumnShareProofTarget(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<ColumnShareProof>(input, out var proof)) return;
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

    private static void DaSquareRecordTarget(ReadOnlySpan<byte> input) => RoundTrip<DaSquareRecord>(input, out _);

    private static void DaShareRequestTarget(ReadOnlySpan<byte> input) => RoundTrip<DaShareRequest>(input, out _);

    /// <summary>A served answer's proof is checked against the seed square's root, as a DA client does.</summary>
    private static void DaShareResponseTarget(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<DaShareResponse>(input, out var response) || response.Status != DaShareStatus.Served) return;
        try
        {
            response.Proof!.Verify(DataAvailabilityFixture.Instance.Header.DataRoot, response.Share);
        }
        catch (InvalidNmtException)
        {
        }
        catch (InvalidMerkleProofException)
        {
        }
    }
}
