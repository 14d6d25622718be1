using Lamina.Core.Codec;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Transactions;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for the blob targets: small real bodies (the byte-by-byte mutation tests walk every byte).</summary>
    private static void AddBlobSeeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        var payloads = new[]
        {
            new BlobPayload(DataAvailabilityFixture.Ns(1), 1, [0x42]),
            new BlobPayload(DataAvailabilityFixture.Ns(7), 1_000, Filled(600, 0x5a)),
            new BlobPayload(Namespace.User(Filled(Namespace.IdSize, 0xfe)), ulong.MaxValue, Filled(40, 0x01)),
        };
        seeds["blob-payload"] = [.. payloads.Select(Body)];
        seeds["blob-fee-state"] = [Canonical.Encode(new BlobFeeState(393_216, 131_072)), Canonical.Encode(new BlobFeeState(ulong.MaxValue, 0)), Canonical.Encode(new BlobFeeState(0, 1))];
        // Whole blob transactions reach the transaction target as well.
        seeds["transaction"] = [.. seeds["transaction"], .. payloads.Select((p, i) => Transaction.Create(DevChain.Key(1), ChainId, (ulong)i, 2_000, 10, 21_000, p).Encoded)];
    }

    private static byte[] Body(BlobPayload payload)
    {
        var writer = new CanonicalWriter();
        payload.EncodeBody(writer);
        return writer.ToArray();
    }
}
