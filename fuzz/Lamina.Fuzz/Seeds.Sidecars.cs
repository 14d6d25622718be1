using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Blobs;
using Lamina.L1.Transactions;
using Lamina.Node.Sidecars;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for the sidecar targets: small real messages (the byte-by-byte mutation tests walk every byte).</summary>
    private static void AddSidecarSeeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        var hash = new Hash256(Filled(32, 0x3c));
        seeds["blob-sidecars"] =
        [
            Canonical.Encode(new BlobSidecars(7, hash, [[0x42], Filled(600, 0x5a)])),
            Canonical.Encode(BlobSidecars.NotHeld(1, hash)),
            Canonical.Encode(new BlobSidecars(ulong.MaxValue, hash, [Filled(40, 0x01)])),
        ];
        seeds["sidecar-request"] = [Canonical.Encode(new SidecarRequest(7, hash)), Canonical.Encode(new SidecarRequest(0, Hash256.Zero))];
        var blob = new BlobPayload(DataAvailabilityFixture.Ns(3), 5, Filled(50, 0x77));
        seeds["transaction-network-form"] =
        [
            Transaction.Create(DevChain.Key(1), ChainId, 0, 2_000, 10, 21_000, blob).NetworkEncoded,
            Transaction.Create(DevChain.Key(1), ChainId, 1, 2_000, 10, 21_000, new TransferPayload(DevChain.Key(2).Address, 9)).NetworkEncoded,
        ];
    }
}
