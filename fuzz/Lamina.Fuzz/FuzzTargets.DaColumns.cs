using Lamina.Node.DataAvailability;
using Lamina.Node.DataAvailability.Columns;

namespace Lamina.Fuzz;

/// <summary>
/// Targets for the column channels of DA nodes that fetch from the network (channel 36 request and response, channel
/// 37 re-seeded columns): whatever decodes must re-encode to the input; a served column is checked against the seed
/// square's roots as a fetching DA node checks it, and a check may only ever refuse with <see cref="DaColumnException"/>.
/// </summary>
public static partial class FuzzTargets
{
    private static void DaColumnRequestTarget(ReadOnlySpan<byte> input) => RoundTrip<DaColumnRequest>(input, out _);

    private static void DaColumnResponseTarget(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<DaColumnResponse>(input, out var response) || response.Status != DaShareStatus.Served) return;
        var header = DataAvailabilityFixture.Instance.Header;
        try
        {
            if (response.Header is { } roots && roots.DataRoot != header.DataRoot) throw new DaColumnException(DaColumnError.HeaderMismatch, "other roots");
            if (response.Shares is { } shares) DaColumnChannel.Verify(header, header.DataRoot, 0, shares);
        }
        catch (DaColumnException)
        {
        }
    }

    private static void DaColumnPushTarget(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<DaColumnPush>(input, out var push)) return;
        var header = DataAvailabilityFixture.Instance.Header;
        try
        {
            DaColumnChannel.Verify(header, push.DataRoot, push.Column, push.Shares);
        }
        catch (DaColumnException)
        {
        }
    }
}
