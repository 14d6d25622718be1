using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L2.Optimistic;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for the batch targets: a two-sender batch with a transfer and a withdrawal, and an empty batch.</summary>
    private static void AddOptimisticBatchSeeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        using var alice = SigningKey.FromSeed(Filled(32, 1));
        using var carol = SigningKey.FromSeed(Filled(32, 3));
        var bob = new Address(Filled(Address.Size, 2));
        OptimisticBatchItem[] items =
        [
            OptimisticBatchItem.From(OptimisticTransfer.Create(alice, 1, 1, bob, 300, 2, 5)),
            OptimisticBatchItem.From(OptimisticWithdrawal.Create(alice, 1, 1, bob, 1, 0, 6)),
            OptimisticBatchItem.From(OptimisticTransfer.Create(carol, 1, 1, alice.Address, ulong.MaxValue, 1 << 20, 0)),
        ];
        seeds["optimistic-batch-payload"] = [OptimisticBatchPayload.Encode(items), OptimisticBatchPayload.Encode([])];
        seeds["optimistic-batch-frame"] = [OptimisticBatchFrame.Encode(items), OptimisticBatchFrame.Encode([])];
    }
}
