using CsCheck;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic;

namespace Lamina.L2.Tests.Optimistic;

public sealed class OptimisticConservationTests
{
    [Fact]
    public void Random_transfers_conserve_the_deposited_supply()
    {
        using var alice = SigningKey.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray());
        using var bob = SigningKey.FromSeed(Enumerable.Repeat((byte)2, 32).ToArray());
        using var sequencer = SigningKey.FromSeed(Enumerable.Repeat((byte)9, 32).ToArray());
        Gen.Select(Gen.ULong[0, 400], Gen.ULong[0, 20]).List[1, 8].Sample(steps =>
        {
            var machine = new OptimisticStateMachine(new InMemorySmtNodeStore(), 7, 3, sequencer.Address);
            var root = machine.ApplyDeposit(SparseMerkleTree.EmptyRoot, alice.Address, 1_000);
            ulong nonce = 0, applied = 0;
            foreach (var (amount, fee) in steps)
            {
                var tx = OptimisticTransfer.Create(alice, 7, 3, bob.Address, amount, fee, nonce);
                try
                {
                    root = machine.ApplyTransfer(root, tx);
                    nonce++;
                    applied++;
                }
                catch (InvalidOptimisticTransactionException e) when (e.Error == OptimisticTransitionError.InsufficientBalance)
                {
                }
            }
            var a = machine.GetAccount(root, alice.Address);
            var total = a.Balance + machine.GetAccount(root, bob.Address).Balance + machine.GetAccount(root, sequencer.Address).Balance;
            return total == 1_000 && a.Nonce == applied;
        }, iter: 40);
    }
}
