using CsCheck;
using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.Sequencing;
using Lamina.L2.Optimistic.Tests.Derivation;

namespace Lamina.L2.Optimistic.Tests.Sequencing;

/// <summary>
/// The admission pipeline checks signatures across cores ahead of the ordered stage; these tests hold it to "the same
/// blocks as admitting one transaction after the other", on random workloads with every kind of refusal.
/// </summary>
public sealed class AdmissionPipelineTests
{
    private const int Users = 5;

    private static readonly RollupConfig Config = RollupHarness.Config();

    [Fact]
    public void The_pipeline_builds_the_blocks_one_by_one_admission_builds_and_refuses_the_same_transactions()
    {
        Gen.Select(Gen.UInt, Gen.Int[1, 40], Gen.Int[1, 4], Gen.Int[1, 4]).Sample((seed, maxBatch, rounds, threads) =>
        {
            var random = new Random((int)seed);
            var nonces = new ulong[Users];
            var workload = Enumerable.Range(0, rounds).Select(_ => RandomRound(random, nonces, random.Next(0, 60))).ToList();

            var oneByOne = NewSequencer();
            var expected = new List<string>();
            var piped = NewSequencer();
            var actual = new List<string>();
            using var pipeline = new AdmissionPipeline(TestKeys.ChainId, TestKeys.RollupId, batch => Admit(piped, batch),
                new AdmissionOptions(Capacity: 8, MaxBatch: maxBatch, SignatureThreads: threads));
            ulong now = 20_000;
            foreach (var round in workload)
            {
                foreach (var item in round) expected.Add(Outcome(() => oneByOne.Submit(item)));
                // One producer, everything queued before anything is awaited: the pipeline sees bursts larger than its
                // intake and batches of every size, and must still apply in arrival order.
                var tasks = round.Select(item => pipeline.SubmitAsync(item)).ToList();
                foreach (var task in tasks) actual.Add(Outcome(() => task.GetAwaiter().GetResult()));
                oneByOne.BuildBlock(now);
                piped.BuildBlock(now);
                now += 100;
            }
            Assert.Equal(expected, actual);
            Assert.Equal(oneByOne.Head, piped.Head);
            for (var n = 1UL; n <= oneByOne.Head.Number; n++) Assert.Equal(oneByOne.GetBlock(n)!.Hash, piped.GetBlock(n)!.Hash);
        }, iter: 20, threads: 1);
    }

    [Fact]
    public void Every_signature_is_checked_and_the_ordered_stage_sees_the_rest_in_arrival_order_one_call_at_a_time()
    {
        Gen.Select(Gen.UInt, Gen.Int[1, 64], Gen.Int[1, 4], Gen.Int[1, 300]).Sample((seed, maxBatch, threads, count) =>
        {
            var random = new Random((int)seed);
            // Forged ones (a fee changed after signing) anywhere, alone or in runs, so chunks hold any mix of good and bad.
            var forged = Enumerable.Range(0, count).Select(_ => random.Next(4) == 0).ToArray();
            var items = Enumerable.Range(0, count).Select(n =>
            {
                var item = TestKeys.Transfer(n % Users, TestKeys.Addr(7), 1, (ulong)n);
                return forged[n] ? item with { Fee = item.Fee + 1 } : item;
            }).ToList();
            var seen = new List<OptimisticBatchItem>();
            var inside = 0;
            var overlapped = false;
            var largest = 0;
            using (var pipeline = new AdmissionPipeline(TestKeys.ChainId, TestKeys.RollupId, batch =>
            {
                if (Interlocked.Increment(ref inside) != 1) overlapped = true;
                largest = Math.Max(largest, batch.Count);
                seen.AddRange(batch.Select(i => i.Item));
                Thread.SpinWait(random.Next(1_000)); // not the same thread's random: only the ordered stage calls it, one at a time
                Interlocked.Decrement(ref inside);
                return [.. batch.Select(i => new AdmissionResult(L2HashOf(i.Item), null))];
            }, new AdmissionOptions(Capacity: 16, MaxBatch: maxBatch, SignatureThreads: threads)))
            {
                var tasks = items.Select(item => pipeline.SubmitAsync(item)).ToList();
                for (var n = 0; n < count; n++)
                {
                    if (forged[n])
                    {
                        var refused = Assert.Throws<InvalidOptimisticTransactionException>(() => tasks[n].GetAwaiter().GetResult());
                        Assert.Equal(OptimisticTransitionError.BadSignature, refused.Error);
                    }
                    else Assert.Equal(L2HashOf(items[n]), tasks[n].GetAwaiter().GetResult());
                }
            }
            Assert.False(overlapped);
            Assert.True(largest <= maxBatch);
            Assert.Equal(items.Where((_, n) => !forged[n]), seen);
        }, iter: 30, threads: 1);
    }

    [Fact]
    public async Task A_failing_ordered_stage_fails_its_batch_and_the_pipeline_keeps_going()
    {
        var calls = 0;
        using var pipeline = new AdmissionPipeline(TestKeys.ChainId, TestKeys.RollupId, batch =>
        {
            if (Interlocked.Increment(ref calls) == 1) throw new IOException("journal unavailable");
            return [.. batch.Select(i => new AdmissionResult(L2HashOf(i.Item), null))];
        }, new AdmissionOptions(MaxBatch: 1));
        var first = TestKeys.Transfer(0, TestKeys.Addr(1), 1, 0);
        var second = TestKeys.Transfer(0, TestKeys.Addr(1), 1, 1);
        var failure = await Assert.ThrowsAsync<IOException>(() => pipeline.SubmitAsync(first));
        Assert.Equal("journal unavailable", failure.Message);
        Assert.Equal(L2HashOf(second), await pipeline.SubmitAsync(second));
        var forged = second with { Amount = 2 };
        var refused = await Assert.ThrowsAsync<InvalidOptimisticTransactionException>(() => pipeline.SubmitAsync(forged));
        Assert.Equal(OptimisticTransitionError.BadSignature, refused.Error);
        Assert.Equal(2, calls); // a transaction with a bad signature never reaches the ordered stage
    }

    [Fact]
    public async Task Disposing_answers_what_was_taken_in_and_refuses_what_comes_after()
    {
        var admitted = 0;
        var pipeline = new AdmissionPipeline(TestKeys.ChainId, TestKeys.RollupId, batch =>
        {
            Thread.Sleep(5);
            admitted += batch.Count;
            return [.. batch.Select(i => new AdmissionResult(L2HashOf(i.Item), null))];
        }, new AdmissionOptions(MaxBatch: 4));
        var tasks = Enumerable.Range(0, 40).Select(n => pipeline.SubmitAsync(TestKeys.Transfer(1, TestKeys.Addr(2), 1, (ulong)n))).ToList();
        pipeline.Dispose();
        await Task.WhenAll(tasks);
        Assert.Equal(40, admitted);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pipeline.SubmitAsync(TestKeys.Transfer(1, TestKeys.Addr(2), 1, 40)));
    }

    private static Hash256 L2HashOf(OptimisticBatchItem item) => L2Transaction.FromSequenced(item).Hash;

    private static SequencerCore NewSequencer()
    {
        var sequencer = new SequencerCore(Config, new InMemorySmtNodeStore());
        var deposits = Enumerable.Range(0, Users).Select(i => new L2Deposit((ulong)i, TestKeys.Key(i).Address, 10_000)).ToList();
        sequencer.AddL1Block(new L1BlockData(RollupHarness.GenesisHeight, RollupHarness.GenesisHeight * 1_000, deposits, [], [], []));
        sequencer.BuildBlock(RollupHarness.GenesisHeight * 1_000 + 1);
        return sequencer;
    }

    private static AdmissionResult[] Admit(SequencerCore sequencer, IReadOnlyList<SignatureCheckedItem> batch)
    {
        var results = new AdmissionResult[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                sequencer.Submit(batch[i]);
                results[i] = new AdmissionResult(L2HashOf(batch[i].Item), null);
            }
            catch (InvalidOptimisticTransactionException e)
            {
                results[i] = new AdmissionResult(default, e);
            }
        }
        return results;
    }

    private static string Outcome(Action submit)
    {
        try
        {
            submit();
            return "ok";
        }
        catch (InvalidOptimisticTransactionException e)
        {
            return e.Error.ToString();
        }
    }

    /// <summary>
    /// Transactions made up front (the pipeline cannot be asked for state mid-stream): nonces mostly the next one a
    /// sender has used, sometimes skipped or repeated; some overdrafts, withdrawals, forged signatures and signatures
    /// for another rollup.
    /// </summary>
    private static List<OptimisticBatchItem> RandomRound(Random random, ulong[] nextNonce, int count)
    {
        var items = new List<OptimisticBatchItem>(count);
        for (var i = 0; i < count; i++)
        {
            var from = random.Next(Users);
            var nonce = nextNonce[from];
            var roll = random.Next(20);
            if (roll == 0) nonce++;
            else if (roll == 1 && nonce > 0) nonce--;
            else nextNonce[from]++;
            var amount = random.Next(10) == 0 ? 20_000UL : (ulong)random.Next(0, 600);
            var to = random.Next(4) == 0 ? TestKeys.Addr((byte)random.Next(256)) : TestKeys.Key(random.Next(Users)).Address;
            var item = random.Next(5) == 0 ? TestKeys.Withdraw(from, to, amount, nonce) : TestKeys.Transfer(from, to, amount, nonce);
            items.Add(random.Next(15) switch
            {
                0 => item with { Fee = item.Fee + 1 },
                1 => OptimisticBatchItem.From(OptimisticTransfer.Create(TestKeys.Key(from), TestKeys.ChainId, TestKeys.RollupId + 1, to, amount, 0, nonce)),
                _ => item,
            });
        }
        return items;
    }
}
