using Lamina.Core.Merkle;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Nmt;
using Lamina.Node.DataAvailability;

namespace Lamina.Fuzz;

/// <summary>
/// Targets for DA part 2's decoders: the column share proof a DA node serves (verified against the seed square's
/// data root), and the square record a DA node stores. Whatever decodes must re-encode to the input.
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
}
