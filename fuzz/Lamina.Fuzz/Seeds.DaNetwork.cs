using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability;
using Lamina.Node.DataAvailability;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for the DA part-2 targets, from <see cref="DataAvailabilityFixture"/>'s honest square.</summary>
    private static void AddDaNetworkSeeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        var f = DataAvailabilityFixture.Instance;
        seeds["da-column-share-proof"] = [.. Enumerable.Range(0, 4).Select(i => Canonical.Encode(ColumnShareProof.Create(f.Extended.ColumnTree(3 - i), f.Header, i, 3 - i)))];
        var proof = ColumnShareProof.Create(f.Extended.ColumnTree(2), f.Header, 1, 2);
        seeds["da-share-request"] = [Canonical.Encode(new DaShareRequest(1, 0, 0)), Canonical.Encode(new DaShareRequest(ulong.MaxValue, 1023, 5))];
        seeds["da-share-response"] = [Canonical.Encode(DaShareResponse.Served(f.Extended.Share(1, 2), proof)), Canonical.Encode(DaShareResponse.Refused(DaShareStatus.Pruned))];
        seeds["da-square-record"] = [Canonical.Encode(new DaSquareRecord(1, new Hash256(Filled(32, 0x42)), f.Header)), Canonical.Encode(new DaSquareRecord(ulong.MaxValue, Hash256.Zero, f.CorruptedHeader))];
    }
}
