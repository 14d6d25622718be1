using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability.Shares;
using Lamina.Node.DataAvailability;
using Lamina.Node.DataAvailability.Columns;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for the column channels: requests of each kind, refusals, a served column with and without the roots, a re-seeded column.</summary>
    private static void AddDaColumnSeeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        var f = DataAvailabilityFixture.Instance;
        var column = new byte[f.Extended.Width * Share.Size];
        for (var row = 0; row < f.Extended.Width; row++) f.Extended.Share(row, 1).CopyTo(column.AsSpan(row * Share.Size));
        seeds["da-column-request"] =
        [
            Canonical.Encode(new DaColumnRequest(1, f.Header.DataRoot, 0, DaColumnParts.Header)),
            Canonical.Encode(new DaColumnRequest(ulong.MaxValue, Hash256.Zero, 1023, DaColumnParts.Shares | DaColumnParts.Header)),
        ];
        seeds["da-column-response"] =
        [
            Canonical.Encode(DaColumnResponse.Refused(DaShareStatus.NotCustodied)),
            Canonical.Encode(DaColumnResponse.Served(f.Header, null)),
            Canonical.Encode(DaColumnResponse.Served(null, column)),
            Canonical.Encode(DaColumnResponse.Served(f.Header, column)),
        ];
        seeds["da-column-push"] = [Canonical.Encode(new DaColumnPush(3, f.Header.DataRoot, 1, column))];
    }
}
