using CsCheck;
using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic;

namespace Lamina.L2.Tests.Optimistic;

/// <summary>
/// Deposits in the one step (issue 14, derivation faults): a deposit names L1's queue index, the state's deposit cursor
/// makes each index credit once and in order, and where the rules run with L1's queue (the dispute step) a deposit L1
/// never recorded, or recorded with another recipient or amount, is a rejected transaction: it changes nothing.
/// </summary>
public sealed class OneStepDepositTests
{
    private const ulong ChainId = 7, RollupId = 3;
    private static readonly Address Sequencer = Fill(0xEE);
    private static readonly Address[] Parties = [.. Enumerable.Range(1, 4).Select(i => Fill((byte)i))];

    private static Address Fill(byte b) => new(Enumerable.Repeat(b, Address.Size).ToArray());

    private sealed class Queue(IReadOnlyList<(Address Recipient, ulong Amount)> records) : IL1DepositQueue
    {
        public bool TryGet(ulong index, out Address recipient, out ulong amount)
        {
            var known = index < (ulong)records.Count;
            (recipient, amount) = known ? records[(int)index] : default;
            return known;
        }
    }

    [Fact]
    public void Cursor_key_and_encoding_are_pinned()
    {
        Assert.Equal("01" + "0000000000000102", Convert.ToHexStringLower(OptimisticDepositCursor.Encode(0x0102)));
        Assert.Equal(0x0102UL, OptimisticDepositCursor.Decode(OptimisticDepositCursor.Encode(0x0102)));
        Assert.Equal(Lamina.Core.Crypto.DomainHasher.Hash(new("lamina/l2/optimistic/deposit-cursor"), ReadOnlySpan<byte>.Empty), OptimisticDepositCursor.Key);
        Assert.Throws<Lamina.Core.Codec.CodecException>(() => OptimisticDepositCursor.Decode([1, 0, 0]));
        Assert.Throws<Lamina.Core.Codec.CodecException>(() => OptimisticDepositCursor.Decode([2, 0, 0, 0, 0, 0, 0, 0, 0]));
    }

    [Fact]
    public void Fabricated_altered_replayed_and_skipped_deposits_change_nothing_on_L1()
    {
        var store = new InMemorySmtNodeStore();
        var queue = new Queue([(Parties[0], 100), (Parties[1], 50)]);
        var derivation = new OptimisticStateMachine(store, ChainId, RollupId, Sequencer);
        var l1 = derivation.Context with { Deposits = queue };
        var root = derivation.ApplyDeposit(SparseMerkleTree.EmptyRoot, 0, Parties[0], 100);

        OneStepResult OnL1(OneStepTransaction tx)
        {
            var (witness, generated) = OneStepWitnessGenerator.Generate(store, root, tx, l1);
            var executed = OneStepExecutor.Execute(root, tx, OneStepWitness.Decode(witness.Encode()), l1);
            Assert.Equal(generated, executed);
            return executed;
        }

        Assert.Equal(new OneStepResult(root, OptimisticTransitionError.UnknownDeposit), OnL1(OneStepTransaction.ForDeposit(2, Parties[2], 1_000_000)));
        Assert.Equal(new OneStepResult(root, OptimisticTransitionError.UnknownDeposit), OnL1(OneStepTransaction.ForDeposit(1, Parties[1], 51)));
        Assert.Equal(new OneStepResult(root, OptimisticTransitionError.UnknownDeposit), OnL1(OneStepTransaction.ForDeposit(1, Parties[2], 50)));
        Assert.Equal(new OneStepResult(root, OptimisticTransitionError.DepositOutOfOrder), OnL1(OneStepTransaction.ForDeposit(0, Parties[0], 100)));
        // The genuine next deposit: L1's verdict is derivation's root.
        var genuine = OnL1(OneStepTransaction.ForDeposit(1, Parties[1], 50));
        Assert.Null(genuine.Rejection);
        Assert.Equal(derivation.ApplyDeposit(root, 1, Parties[1], 50), genuine.PostRoot);
        // Without L1's queue (derivation) an index out of order is still refused: the state credits each index once.
        Assert.Equal(OptimisticTransitionError.DepositOutOfOrder, derivation.Apply(root, OneStepTransaction.ForDeposit(3, Parties[1], 50)).Rejection);
    }

    [Fact]
    public void Random_deposit_lists_L1_credits_exactly_what_L1_recorded()
    {
        // Per entry: the recipient, the amount, and a fault: 0 genuine, 1 fabricated index past L1's queue, 2 altered
        // amount, 3 altered recipient, 4 replay of an index already credited.
        var gen = Gen.Select(Gen.Int[0, Parties.Length - 1], Gen.ULong[1, 1_000], Gen.Int[0, 6]).Array[1, 20];
        gen.Sample(entries =>
        {
            var records = new List<(Address, ulong)>();
            foreach (var (to, amount, _) in entries) records.Add((Parties[to], amount));
            var queue = new Queue(records);
            var store = new InMemorySmtNodeStore();
            var machine = new OptimisticStateMachine(store, ChainId, RollupId, Sequencer);
            var l1 = machine.Context with { Deposits = queue };
            var root = SparseMerkleTree.EmptyRoot;
            var honest = SparseMerkleTree.EmptyRoot;
            ulong next = 0, credited = 0;
            foreach (var (to, _, fault) in entries)
            {
                var (recipient, recorded) = records[(int)next];
                var other = Parties[(Array.IndexOf(Parties, recipient) + 1) % Parties.Length];
                var tx = fault switch
                {
                    1 => OneStepTransaction.ForDeposit((ulong)records.Count + next, recipient, recorded),
                    2 => OneStepTransaction.ForDeposit(next, recipient, recorded + (ulong)to + 1),
                    3 => OneStepTransaction.ForDeposit(next, other, recorded),
                    4 when next > 0 => OneStepTransaction.ForDeposit(next - 1, records[(int)next - 1].Item1, records[(int)next - 1].Item2),
                    _ => OneStepTransaction.ForDeposit(next, recipient, recorded),
                };
                var (witness, generated) = OneStepWitnessGenerator.Generate(store, root, tx, l1);
                var executed = OneStepExecutor.Execute(root, tx, OneStepWitness.Decode(witness.Encode()), l1);
                Assert.Equal(generated, executed);
                if (fault is 0 or 5 or 6 || (fault == 4 && next == 0))
                {
                    Assert.Null(executed.Rejection);
                    honest = machine.ApplyDeposit(honest, next, recipient, recorded);
                    Assert.Equal(honest, executed.PostRoot);
                    credited += recorded;
                    next++;
                }
                else
                {
                    Assert.NotNull(executed.Rejection);
                    Assert.Equal(root, executed.PostRoot);
                }
                root = executed.PostRoot;
            }
            var total = 0UL;
            foreach (var party in Parties) total += machine.GetAccount(root, party).Balance;
            Assert.Equal(credited, total);
            Assert.Equal(next, machine.NextDeposit(root));
        }, iter: 80);
    }
}
