using CsCheck;
using Lamina.L1.Chain;
using Lamina.L1.Transactions;
using Lamina.Storage;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests;

/// <summary>
/// Random transfer sequences among five funded keys, cut into blocks at random: money is never created or destroyed
/// except by the base-fee burn, nonces count included transactions, and everything the mempool admitted is included.
/// </summary>
public sealed class SupplyPropertyTests
{
    private const int Senders = 5;
    private static readonly UInt128 Funding = 400_000_000; // ~9 transfers' worth of gas reservation at max fee 2 000

    /// <summary>One step: a transfer (from, to, amount, tip), optionally followed by producing a block.</summary>
    private static readonly Gen<(int From, int To, ulong Amount, ulong Tip, bool Cut)> Step =
        Gen.Select(Gen.Int[1, Senders], Gen.Int[1, Senders + 1], Gen.ULong[0, 150_000_000], Gen.ULong[1, 40], Gen.Int[0, 3],
            (from, to, amount, tip, cut) => (from, to, amount, tip, cut == 0));

    [Fact]
    public void Sum_of_balances_plus_burn_is_conserved_and_nonces_count_included_transactions()
    {
        long totalIncluded = 0, totalRefused = 0, totalBlocks = 0;
        Step.Array[1, 40].Sample(steps =>
        {
            // A small gas limit (four transfers) keeps the base fee moving and leaves work pending across blocks.
            var genesis = MakeGenesis(funded: Senders, amount: Funding, parameters: Parameters(gasLimit: 4 * TransferPayload.Gas + 1));
            var supply = genesis.Balances.Aggregate(UInt128.Zero, (s, b) => s + b.Amount);
            using var store = new InMemoryStore();
            var chain = new Blockchain(new ChainStore(store), genesis, ManualTime.AtGenesis());
            var burned = UInt128.Zero;
            var tips = UInt128.Zero;
            var included = new List<Transaction>();
            chain.BlockCommitted += (block, receipts) =>
            {
                included.AddRange(block.Transactions);
                foreach (var r in receipts)
                {
                    burned += r.Burned;
                    tips += r.Tip;
                }
            };

            var admitted = new HashSet<Core.Hash256>();
            var nextNonce = new ulong[Senders + 2];
            foreach (var (from, to, amount, tip, cut) in steps)
            {
                var tx = Transfer(Key(from), nextNonce[from], Addr(to), amount, maxFee: 2_000, tip: tip);
                try
                {
                    chain.SubmitTransaction(tx);
                    admitted.Add(tx.Hash);
                    nextNonce[from]++;
                }
                catch (TransactionRejectedException e)
                {
                    // The only refusals a well-formed transfer can meet here: running out of money, or a run of full
                    // blocks having pushed the base fee past its max fee.
                    Assert.True(e.Reason is TxRejectReason.InsufficientBalance or TxRejectReason.FeeTooLow, e.Message);
                    Interlocked.Increment(ref totalRefused);
                }
                if (cut) chain.ProduceBlock(ValidatorKey);
            }
            // Drain: empty blocks lower the base fee, so everything admitted is eventually included.
            for (var i = 0; i < 64 && chain.Mempool.Count > 0; i++) chain.ProduceBlock(ValidatorKey);

            Assert.Equal(0, chain.Mempool.Count);
            Assert.Equal(admitted.OrderBy(h => h), included.Select(t => t.Hash).OrderBy(h => h));

            var holders = Enumerable.Range(0, Senders + 2).Select(Addr).ToArray();
            var balances = holders.Aggregate(UInt128.Zero, (s, a) => s + chain.GetAccount(a).Balance);
            Assert.Equal(supply, balances + burned);
            // The validator only ever receives tips.
            Assert.Equal(tips, chain.GetAccount(ValidatorKey.Address).Balance);
            for (var s = 1; s <= Senders; s++)
            {
                var sender = Addr(s);
                Assert.Equal((ulong)included.Count(t => t.From == sender), chain.GetAccount(sender).Nonce);
                Assert.Equal(nextNonce[s], chain.GetAccount(sender).Nonce);
            }
            Assert.Equal(0UL, chain.GetAccount(Addr(Senders + 1)).Nonce);
            Interlocked.Add(ref totalIncluded, included.Count);
            Interlocked.Add(ref totalBlocks, (long)chain.Height);
        }, iter: 150, threads: 1);

        // The generator really exercises the chain: many transfers land, some are refused, blocks carry several.
        Assert.True(totalIncluded > 1_000, $"only {totalIncluded} transfers were included");
        Assert.True(totalRefused > 50, $"only {totalRefused} transfers were refused");
        Assert.True(totalIncluded > totalBlocks, $"{totalIncluded} transfers in {totalBlocks} blocks");
    }
}
