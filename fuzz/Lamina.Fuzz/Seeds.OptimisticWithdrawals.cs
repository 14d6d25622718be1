using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for the withdrawal targets: a signed withdrawal, a receipt, and a real proof against a two-receipt state.</summary>
    private static void AddOptimisticWithdrawalSeeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        using var alice = SigningKey.FromSeed(Filled(32, 1));
        var bob = new Address(Filled(Address.Size, 2));
        var first = OptimisticWithdrawal.Create(alice, 1, 1, bob, 10, 0, 0);
        seeds["optimistic-withdrawal"] = [first.Encode(), OptimisticWithdrawal.Create(alice, 1, 1, bob, ulong.MaxValue, 1, 7).Encode()];
        seeds["optimistic-withdrawal-receipt"] = [first.Receipt.Encode()];

        var machine = new OptimisticStateMachine(new InMemorySmtNodeStore(), 1, 1, bob);
        var root = machine.ApplyDeposit(SparseMerkleTree.EmptyRoot, alice.Address, 100);
        root = machine.ApplyWithdrawal(root, first);
        root = machine.ApplyWithdrawal(root, OptimisticWithdrawal.Create(alice, 1, 1, bob, 20, 0, 1));
        var output = new OptimisticOutput(root, new Hash256(Filled(32, 3)), 1);
        seeds["optimistic-withdrawal-proof"] = [machine.ProveWithdrawal(output, first.Receipt).Encode()];
    }
}
