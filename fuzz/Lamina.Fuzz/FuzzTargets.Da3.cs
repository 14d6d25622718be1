using Lamina.DataAvailability;
using Lamina.Node.DataAvailability;

namespace Lamina.Fuzz;

/// <summary>
/// Target for the bad-encoding gossip message (channel 35, <see cref="BadEncodingFraud"/>): whatever decodes must
/// re-encode to the input; a proof that verifies against the roots it carries must never do so against the honest
/// square's roots (an honest square is never shown badly encoded).
/// </summary>
public static partial class FuzzTargets
{
    private static void BadEncodingFraudTarget(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<BadEncodingFraud>(input, out var fraud)) return;
        try
        {
            fraud.Proof.Verify(fraud.Roots);
        }
        catch (InvalidBadEncodingProofException)
        {
            return;
        }
        if (fraud.Roots.DataRoot == DataAvailabilityFixture.Instance.Header.DataRoot)
            throw new FuzzFindingException("a bad-encoding proof verified against the honest square's roots");
    }
}
