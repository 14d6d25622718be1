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

    /// <summary>
    /// Mixed transfers and withdrawals: deposited supply = L2 balances + burned receipts (what L1 still owes), every
    /// applied withdrawal leaves a receipt whose proof verifies against an output root over the final state.
    /// </summary>
    [Fact]
    public void Random_transfers_and_withdrawals_reconcile_supply_with_receipts()
    {
        using var alice = SigningKey.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray());
        using var bob = SigningKey.FromSeed(Enumerable.Repeat((byte)2, 32).ToArray());
        using var sequencer = SigningKey.FromSeed(Enumerable.Repeat((byte)9, 32).ToArray());
        Gen.Select(Gen.Bool, Gen.ULong[0, 400], Gen.ULong[0, 20]).List[1, 8].Sample(steps =>
        {
            var machine = new OptimisticStateMachine(new InMemorySmtNodeStore(), 7, 3, sequencer.Address);
            var root = machine.ApplyDeposit(SparseMerkleTree.EmptyRoot, alice.Address, 1_000);
            ulong nonce = 0, burned = 0;
            var receipts = new List<OptimisticWithdrawalReceipt>();
            foreach (var (withdraw, amount, fee) in steps)
            {
                try
                {
                    if (withdraw)
                    {
                        var w = OptimisticWithdrawal.Create(alice, 7, 3, bob.Address, amount, fee, nonce);
                        root = machine.ApplyWithdrawal(root, w);
                        receipts.Add(w.Receipt);
                        burned += amount;
                    }
                    else
                    {
                        root = machine.ApplyTransfer(root, OptimisticTransfer.Create(alice, 7, 3, bob.Address, amount, fee, nonce));
                    }
                    nonce++;
                }
                catch (InvalidOptimisticTransactionException e) when (e.Error == OptimisticTransitionError.InsufficientBalance)
                {
                }
            }
            var supply = machine.GetAccount(root, alice.Address).Balance + machine.GetAccount(root, bob.Address).Balance
                + machine.GetAccount(root, sequencer.Address).Balance;
            var output = new OptimisticOutput(root, default, 1);
            foreach (var receipt in receipts) machine.ProveWithdrawal(output, receipt).Verify(output.Root, receipt);
            return supply + burned == 1_000 && machine.GetAccount(root, alice.Address).Nonce == nonce;
        }, iter: 40);
    }
}
