using CsCheck;
using Lamina.L1.Chain;
using Lamina.L1.Modules;
using Lamina.L1.Transactions;
using Lamina.Storage;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests.Modules;

/// <summary>
/// Random tallies from a few senders, some of which the module refuses after writing: the proposer's blocks carry
/// exactly the tallies a model accepts, the refused ones leave no trace (tally, total, nonce, balance), and a second
/// node that verifies the stored blocks reaches the same root at every height.
/// </summary>
public sealed class ModulePipelinePropertyTests
{
    private const int Senders = 3;
    private const ulong Limit = 100;

    private static readonly Gen<(int From, ulong Amount, bool Cut)> Step =
        Gen.Select(Gen.Int[1, Senders], Gen.ULong[1, 60], Gen.Int[0, 2], (from, amount, cut) => (from, amount, cut == 0));

    [Fact]
    public void Refused_module_writes_vanish_and_verifiers_agree()
    {
        Step.Array[1, 24].Sample(steps =>
        {
            var genesis = MakeGenesis(funded: Senders);
            var modules = L1ModuleRegistry.Standard(genesis.Staking).With(new TallyModule(Limit));
            using var producerStore = new InMemoryStore();
            using var followerStore = new InMemoryStore();
            var producer = new Blockchain(new ChainStore(producerStore), genesis, ManualTime.AtGenesis(), modules: modules);
            var follower = new Blockchain(new ChainStore(followerStore), genesis, ManualTime.AtGenesis(), modules: modules);

            var tally = new ulong[Senders + 1];
            var nonce = new ulong[Senders + 1];
            var pending = new List<(int From, ulong Amount)>();
            void Produce()
            {
                var block = producer.ProduceBlock(ValidatorKey);
                // Model: a sender's tallies apply in nonce order until one would pass the limit; that one is refused
                // (after the module wrote), and the sender's later ones then have a nonce gap and are left out too.
                var refused = new bool[Senders + 1];
                var accepted = 0;
                foreach (var (from, amount) in pending)
                {
                    if (refused[from]) continue;
                    if (tally[from] + amount <= Limit)
                    {
                        tally[from] += amount;
                        accepted++;
                    }
                    else
                    {
                        refused[from] = true;
                    }
                }
                Assert.Equal(accepted, block.Transactions.Count);
                Assert.Equal(0, producer.Mempool.Count);
                pending.Clear();
                for (var s = 1; s <= Senders; s++) nonce[s] = producer.GetAccount(Addr(s)).Nonce;
                follower.ImportBlock(producer.Store.GetBlock(block.Height)!, producer.Store.GetCommit(block.Height)!);
                Assert.Equal(producer.Head.Header.StateRoot, follower.Head.Header.StateRoot);
            }

            foreach (var (from, amount, cut) in steps)
            {
                var tx = Transaction.Create(Key(from), ChainId, nonce[from], 2_000, 10, 30_000, new TallyPayload(amount));
                producer.SubmitTransaction(tx);
                nonce[from]++;
                pending.Add((from, amount));
                if (cut) Produce();
            }
            Produce();

            var state = follower.StateAt();
            ulong total = 0;
            for (var s = 1; s <= Senders; s++)
            {
                Assert.Equal(tally[s], TallyModule.Read(state, TallyModule.TallyKey(Addr(s))));
                total += tally[s];
            }
            Assert.Equal(total, TallyModule.Read(state, TallyModule.TotalKey));
            Assert.Equal(producer.Height, TallyModule.Read(state, TallyModule.BlocksKey));
        }, iter: 40);
    }
}
