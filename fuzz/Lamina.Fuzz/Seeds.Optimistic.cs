using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L2.Optimistic;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for the optimistic targets: signed transfers (one valid for chain 1 / rollup 1) and account leaves.</summary>
    private static void AddOptimisticSeeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        using var alice = SigningKey.FromSeed(Filled(32, 1));
        var bob = new Address(Filled(Address.Size, 2));
        seeds["optimistic-transfer"] =
        [
            OptimisticTransfer.Create(alice, 1, 1, bob, 10, 1, 0).Encode(),
            OptimisticTransfer.Create(alice, 1, 1, bob, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue).Encode(),
        ];
        seeds["optimistic-account"] = [new OptimisticAccount(0, 0).Encode(), new OptimisticAccount(ulong.MaxValue, 3).Encode()];
    }
}
