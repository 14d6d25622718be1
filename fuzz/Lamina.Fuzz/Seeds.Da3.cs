using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Coding;
using Lamina.Node.DataAvailability;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for the bad-encoding gossip message: a valid proof with the corrupted square's roots, and an honest axis with the honest roots.</summary>
    private static void AddDa3Seeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        var f = DataAvailabilityFixture.Instance;
        seeds["bad-encoding-fraud"] =
        [
            Canonical.Encode(new BadEncodingFraud(f.CorruptedHeader, BadEncodingDetector.Find(f.Corrupted, new Hash256(Filled(32, 0x11)), 5)!)),
            Canonical.Encode(new BadEncodingFraud(f.Header, BadEncodingProof.Create(f.Extended, Hash256.Zero, 9, Axis.Row, 1))),
        ];
    }
}
