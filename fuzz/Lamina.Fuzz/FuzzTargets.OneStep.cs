using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic;

namespace Lamina.Fuzz;

/// <summary>Targets for the optimistic rollup's one-step executor inputs (the transaction and its witness).</summary>
public static partial class FuzzTargets
{
    /// <summary>A fixed state (alice 100, bob 5) and a valid transfer from alice: what decoded witnesses are executed against.</summary>
    internal sealed class OneStepFixture
    {
        public static readonly OneStepFixture Instance = new();

        private OneStepFixture()
        {
            using var alice = SigningKey.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray());
            var bob = new Address(Enumerable.Repeat((byte)2, Address.Size).ToArray());
            Machine = new OptimisticStateMachine(Store, 1, 1, new Address(Enumerable.Repeat((byte)9, Address.Size).ToArray()));
            Root = Machine.ApplyDeposit(Machine.ApplyDeposit(SparseMerkleTree.EmptyRoot, alice.Address, 100), bob, 5);
            Transfer = OneStepTransaction.ForTransfer(OptimisticTransfer.Create(alice, 1, 1, bob, 10, 1, 0));
            Withdrawal = OneStepTransaction.ForWithdrawal(OptimisticWithdrawal.Create(alice, 1, 1, bob, 10, 1, 0));
        }

        public InMemorySmtNodeStore Store { get; } = new();
        public OptimisticStateMachine Machine { get; }
        public Hash256 Root { get; }
        public OneStepTransaction Transfer { get; }
        public OneStepTransaction Withdrawal { get; }
    }

    /// <summary>OneStepTransaction.Decode + re-encode.</summary>
    private static void OneStepTransactionTarget(ReadOnlySpan<byte> input)
    {
        OneStepTransaction transaction;
        try
        {
            transaction = OneStepTransaction.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, transaction.Encode(), nameof(OneStepTransaction));
    }

    /// <summary>
    /// OneStepWitness.Decode + re-encode, then executed for the fixture's transfer and withdrawal: a witness is either
    /// refused with its typed error or yields exactly what the state machine computes. Anything else is a finding.
    /// </summary>
    private static void OneStepWitnessTarget(ReadOnlySpan<byte> input)
    {
        OneStepWitness witness;
        try
        {
            witness = OneStepWitness.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, witness.Encode(), nameof(OneStepWitness));
        var fixture = OneStepFixture.Instance;
        foreach (var transaction in new[] { fixture.Transfer, fixture.Withdrawal })
        {
            OneStepResult result;
            try
            {
                result = OneStepExecutor.Execute(fixture.Root, transaction, witness, fixture.Machine.Context);
            }
            catch (InvalidOneStepWitnessException)
            {
                continue;
            }
            var expected = fixture.Machine.Apply(fixture.Root, transaction);
            if (result != expected) throw new FuzzFindingException($"an accepted witness gave {result}, the state machine {expected}");
        }
    }
}
