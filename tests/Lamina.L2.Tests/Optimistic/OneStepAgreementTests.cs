using CsCheck;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic;

namespace Lamina.L2.Tests.Optimistic;

/// <summary>
/// One-step agreement (issue 13): on random deposits, transfers and withdrawals, including new accounts, the sequencer
/// as a party, self-transfers and transactions the rules reject, the one-step executor fed the generated witness
/// reaches the sequencer's root after every transaction, and a tampered witness is refused, never believed.
/// </summary>
public sealed class OneStepAgreementTests
{
    private const ulong ChainId = 7, RollupId = 3;
    private static readonly OptimisticFeeSchedule Fees = new(2, 0, 0, 0);

    // Five signers (the last is the sequencer itself) and three addresses that only ever receive.
    private static readonly SigningKey[] Signers = [.. Enumerable.Range(1, 5).Select(i => SigningKey.FromSeed(Enumerable.Repeat((byte)i, 32).ToArray()))];
    private static readonly Address Sequencer = Signers[4].Address;
    private static readonly Address[] Parties = [.. Signers.Select(s => s.Address), .. Enumerable.Range(0xA0, 3).Select(b => new Address(Enumerable.Repeat((byte)b, Address.Size).ToArray()))];

    /// <summary>kind, sender, recipient, amount, fee, fault.</summary>
    private static readonly Gen<(int Kind, int From, int To, ulong Amount, ulong Fee, int Fault)[]> GenOps =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, Signers.Length - 1], Gen.Int[0, Parties.Length - 1], Gen.ULong[0, 300], Gen.ULong[0, 6], Gen.Int[0, 9])
            .Array[4, 24];

    private static OneStepTransaction Build(OptimisticStateMachine machine, Hash256 root, (int Kind, int From, int To, ulong Amount, ulong Fee, int Fault) op)
    {
        var signer = Signers[op.From];
        var nonce = machine.GetAccount(root, signer.Address).Nonce + (op.Fault == 1 ? 1UL : 0UL);
        var chain = op.Fault == 2 ? ChainId + 1 : ChainId;                       // signature for another chain
        var amount = op.Fault == 3 ? ulong.MaxValue - op.Amount % 3 : op.Amount;  // u64 overflow of amount + fee, or an overdraft
        return op.Kind switch
        {
            // Fault 4: a deposit index already credited or one skipped (out of the queue's order).
            0 => OneStepTransaction.ForDeposit(op.Fault == 4 ? machine.NextDeposit(root) + (op.Amount % 2 == 0 ? 1UL : ulong.MaxValue) : machine.NextDeposit(root),
                Parties[op.To], op.Fault == 3 ? ulong.MaxValue - op.Amount : op.Amount * 10),
            1 => OneStepTransaction.ForTransfer(OptimisticTransfer.Create(signer, chain, RollupId, Parties[op.To], amount, op.Fee, nonce)),
            _ => OneStepTransaction.ForWithdrawal(OptimisticWithdrawal.Create(signer, chain, RollupId, Parties[op.To], amount, op.Fee, nonce)),
        };
    }

    [Fact]
    public void Executor_and_state_machine_agree_on_every_intermediate_root()
    {
        var outcomes = new Dictionary<OptimisticTransitionError, int>();
        var appliedByKind = new int[3];
        GenOps.Sample(ops =>
        {
            var store = new InMemorySmtNodeStore();
            var machine = new OptimisticStateMachine(store, ChainId, RollupId, Sequencer, Fees);
            var root = SparseMerkleTree.EmptyRoot;
            var applied = new List<OneStepTransaction>();
            var stepped = new List<OneStepResult>();
            foreach (var op in ops)
            {
                var tx = OneStepTransaction.Decode(Build(machine, root, op).Encode());
                applied.Add(tx);
                var expected = machine.Apply(root, tx);
                var (witness, generated) = OneStepWitnessGenerator.Generate(store, root, tx, machine.Context);
                Assert.Equal(expected, generated);

                var decoded = OneStepWitness.Decode(witness.Encode());
                Assert.Equal(witness.Encode(), decoded.Encode());
                Assert.Equal(expected, OneStepExecutor.Execute(root, tx, decoded, machine.Context));

                if (expected.Rejection is { } error)
                {
                    Assert.Equal(root, expected.PostRoot);
                    outcomes[error] = outcomes.GetValueOrDefault(error) + 1;
                }
                else
                {
                    appliedByKind[(int)tx.Kind]++;
                }
                stepped.Add(expected);
                root = expected.PostRoot;
            }
            // The batch form derivation uses gives the same per-transaction roots.
            Assert.Equal(stepped, machine.ApplyAll(SparseMerkleTree.EmptyRoot, applied));
        }, iter: 60);
        // The workload really exercised every kind and every rejection the rules have.
        Assert.All(appliedByKind, count => Assert.True(count > 0));
        foreach (var error in new[] { OptimisticTransitionError.BadSignature, OptimisticTransitionError.BadNonce, OptimisticTransitionError.InsufficientBalance, OptimisticTransitionError.BalanceOverflow, OptimisticTransitionError.FeeTooLow, OptimisticTransitionError.DepositOutOfOrder })
            Assert.True(outcomes.GetValueOrDefault(error) > 0, $"no {error} in the workload");
    }

    [Fact]
    public void Tampered_witnesses_are_refused()
    {
        var refusals = new Dictionary<string, int>();
        Gen.Select(GenOps, Gen.Int[0, int.MaxValue], Gen.Byte[1, 255]).Sample((ops, position, mask) =>
        {
            var store = new InMemorySmtNodeStore();
            var machine = new OptimisticStateMachine(store, ChainId, RollupId, Sequencer, Fees);
            var root = SparseMerkleTree.EmptyRoot;
            Hash256? previous = null;
            foreach (var op in ops)
            {
                var tx = Build(machine, root, op);
                var (witness, _) = OneStepWitnessGenerator.Generate(store, root, tx, machine.Context);
                var bytes = witness.Encode();
                bytes[position % bytes.Length] ^= mask;
                Refused(() => OneStepExecutor.Execute(root, tx, OneStepWitness.Decode(bytes), machine.Context), refusals);

                var accesses = witness.Accesses;
                if (accesses.Count > 0)
                {
                    Refused(() => OneStepExecutor.Execute(root, tx, new OneStepWitness([.. accesses.Take(accesses.Count - 1)]), machine.Context), refusals);
                    Refused(() => OneStepExecutor.Execute(root, tx, new OneStepWitness([.. accesses, accesses[0]]), machine.Context), refusals);
                    // The same witness against another state: the proofs no longer lead to the root.
                    if (previous is { } stale && stale != root)
                        Refused(() => OneStepExecutor.Execute(stale, tx, witness, machine.Context), refusals);
                }
                previous = root;
                root = machine.Apply(root, tx).PostRoot;
            }
        }, iter: 30);
        Assert.True(refusals.GetValueOrDefault(nameof(CodecException)) > 0);
        foreach (var error in new[] { OneStepWitnessError.MissingAccess, OneStepWitnessError.UnusedAccess, OneStepWitnessError.RootMismatch })
            Assert.True(refusals.GetValueOrDefault(error.ToString()) > 0, $"no {error} refusal");
    }

    private static void Refused(Func<OneStepResult> execute, Dictionary<string, int> refusals)
    {
        string kind;
        try
        {
            var result = execute();
            Assert.Fail($"a tampered witness was accepted with root {result.PostRoot}");
            return;
        }
        catch (CodecException)
        {
            kind = nameof(CodecException);
        }
        catch (InvalidOneStepWitnessException ex)
        {
            kind = ex.Error.ToString();
        }
        // CsCheck's Sample runs its cases on several threads at once, and they all count into one dictionary.
        lock (refusals) refusals[kind] = refusals.GetValueOrDefault(kind) + 1;
    }

    [Fact]
    public void A_new_key_landing_on_another_accounts_leaf_splits_it()
    {
        // A one-account state is a single leaf at the root: crediting anyone else makes the executor split that leaf.
        var store = new InMemorySmtNodeStore();
        var machine = new OptimisticStateMachine(store, ChainId, RollupId, Sequencer, Fees);
        var root = new SparseMerkleTree(store).Update(SparseMerkleTree.EmptyRoot, [new(OptimisticStateMachine.AccountKey(Parties[0]), new OptimisticAccount(100, 0).Encode())]);
        var deposit = OneStepTransaction.ForDeposit(0, Parties[5], 5);
        var (witness, _) = OneStepWitnessGenerator.Generate(store, root, deposit, machine.Context);
        // Access 0 is the (absent) deposit cursor, whose path ends at the one account's leaf.
        Assert.Null(witness.Accesses[0].Value);
        Assert.Equal(OptimisticStateMachine.AccountKey(Parties[0]), witness.Accesses[0].Proof.LeafKey);
        Assert.Equal(machine.ApplyDeposit(root, 0, Parties[5], 5), OneStepExecutor.Execute(root, deposit, witness, machine.Context).PostRoot);
    }

    [Fact]
    public void Strict_api_and_apply_name_the_same_rule()
    {
        var machine = new OptimisticStateMachine(new InMemorySmtNodeStore(), ChainId, RollupId, Sequencer, Fees);
        var root = machine.ApplyDeposit(SparseMerkleTree.EmptyRoot, Signers[0].Address, 10);
        var overdraft = OptimisticTransfer.Create(Signers[0], ChainId, RollupId, Parties[6], 9, 2, 0);
        var ex = Assert.Throws<InvalidOptimisticTransactionException>(() => machine.ApplyTransfer(root, overdraft));
        Assert.Equal(new OneStepResult(root, ex.Error), machine.Apply(root, OneStepTransaction.ForTransfer(overdraft)));
        Assert.Equal(OptimisticTransitionError.InsufficientBalance, ex.Error);
    }
}
