using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L1.Blobs;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.Tests.Derivation;

namespace Lamina.L2.Optimistic.Tests.Chain;

/// <summary>
/// The link between L1's derivation of a block's list in a dispute game (<see cref="L1ListDeriver"/>, which cannot
/// reference this project) and the L2 chain's own derivation (<see cref="DerivationPipeline"/>): for every block a
/// verifier derives from the sequencer's batches, L1 — from the same blobs and its own queues — derives the same
/// candidates (for the blocks derivation builds itself after a silent window too), the verifier's block is exactly the candidates the rules applied (every header field but the
/// intermediate roots matches), and L1's masked one-step walks them from the parent's state to the header's state.
/// </summary>
public sealed class L1ListDerivationLinkTests
{
    /// <summary>L1's records as the rollups module keeps them, read off the harness's L1 blocks (one batch per block with blobs).</summary>
    private sealed class Records : IRollupDerivationRecords
    {
        private readonly Dictionary<ulong, L1BlockData> _blocks = [];
        private readonly List<(ulong Height, Optimistic.Chain.L2Deposit Deposit)> _depositHeights = [];
        private readonly List<(OneStepTransaction, ulong)> _forced = [];

        public Records(RollupHarness harness)
        {
            for (var h = RollupHarness.GenesisHeight; h < harness.NextL1Height; h++)
            {
                var block = harness.L1.Get(h);
                _blocks[h] = block;
                foreach (var d in block.Deposits) _depositHeights.Add((h, d));
                foreach (var f in block.Forced) _forced.Add((OneStepTransaction.ForItem(f.Item), f.L1Height));
                if (block.Blobs.Count > 0)
                {
                    Batches.Add(new RecordedBatch([.. block.Blobs.Select(b => BlobCommitment.Of(b.Data!))], h));
                    Blobs.Add([.. block.Blobs.Select(b => b.Data!)]);
                }
            }
        }

        public List<RecordedBatch> Batches { get; } = [];
        public List<byte[][]> Blobs { get; } = [];

        public bool TryGet(ulong index, out Address recipient, out ulong amount)
        {
            var known = index < (ulong)_depositHeights.Count;
            recipient = known ? _depositHeights[(int)index].Deposit.Recipient : default;
            amount = known ? _depositHeights[(int)index].Deposit.Amount : 0;
            return known;
        }

        public ulong? BlobBaseFeeAt(ulong l1Height) => _blocks.TryGetValue(l1Height, out var b) ? b.BlobBaseFee : null;
        public ulong? L1TimeAt(ulong l1Height) => _blocks.TryGetValue(l1Height, out var b) ? b.TimestampMs : null;
        public ulong? DepositHeight(ulong index) => index < (ulong)_depositHeights.Count ? _depositHeights[(int)index].Height : null;
        public (OneStepTransaction Transaction, ulong L1Height)? Forced(ulong index) => index < (ulong)_forced.Count ? _forced[(int)index] : null;
        public RecordedBatch? Batch(ulong number) => number < (ulong)Batches.Count ? Batches[(int)number] : null;
    }

    [Fact]
    public void L1_derives_every_block_the_verifier_derives_and_steps_it_to_the_same_state()
    {
        var (config, rules) = RollupHarness.ForL1Games(sequencingWindow: 8, forcedWindow: 4);
        var harness = new RollupHarness(config);
        var bob = TestKeys.Addr(0xB0);
        harness.AddL1Block([(TestKeys.Key(0).Address, 1_000), (TestKeys.Key(1).Address, 1_000)], [], []);
        var nonces = new ulong[2];
        for (var round = 0; round < 5; round++)
        {
            var sender = round % 2;
            harness.RunL2Interval(tick => { if (tick is > 0 and < 4) harness.Sequencer.Submit(TestKeys.Transfer(sender, bob, 3 + (ulong)tick, nonces[sender]++)); });
            // A deposit, then a forced transfer that applies and a forced withdrawal that overdraws (derivation drops it).
            harness.AddL1Block(round == 1 ? [(TestKeys.Key(2).Address, 500)] : [],
                round == 2 ? [TestKeys.Transfer(2, bob, 7, 0), TestKeys.Withdraw(3, TestKeys.Addr(0x11), 100, 0)] : [], harness.PostBatch());
        }
        harness.RunL2Interval(_ => { });
        harness.AddL1Block([], [], harness.PostBatch());
        // Then the sequencer falls silent: derivation builds blocks itself, taking a deposit and a forced transfer when due.
        harness.AddL1Block([(TestKeys.Key(4).Address, 50)], [TestKeys.Transfer(2, bob, 9, 1)], []);
        for (var i = 0; i < 14; i++) harness.AddL1Block([], [], []);
        var verifier = harness.Derive();
        Assert.Empty(verifier.Rejected);
        Assert.True(verifier.AutoBlocks >= 3);
        Assert.True(verifier.Safe.Number >= 40);

        var records = new Records(harness);
        var deriver = new L1ListDeriver(rules, records);
        var dropped = 0;
        var autos = 0;
        for (var n = 1UL; n <= verifier.Safe.Number; n++)
        {
            var block = verifier.GetBlock(n)!;
            var header = L2HeaderPreimage.Decode(block.Header.Encode());
            Assert.Equal((block.Header.TimestampMs, block.Header.NextDeposit, block.Header.NextForced), (header.TimestampMs, header.NextDeposit, header.NextForced));
            var parent = L2HeaderPreimage.Decode(verifier.GetBlock(n - 1)!.Header.Encode());
            var list = DeriveFromFirstChannel(deriver, records, parent);
            if (list.Source.IsAuto) autos++;

            // The block's transactions are the candidates the rules applied, in order.
            var applied = block.Transactions.Select(t => Optimistic.Chain.L2Block.OneStepOf(t).Encode()).ToList();
            var mask = new bool[list.Candidates.Count];
            var next = 0;
            for (var i = 0; i < mask.Length; i++)
            {
                mask[i] = next < applied.Count && applied[next].AsSpan().SequenceEqual(list.Candidates[i]);
                if (mask[i]) next++;
                else dropped++;
            }
            Assert.Equal(applied.Count, next);
            var descent = new DerivedDescent(list, mask, block.Header.StateRoot);
            Assert.True(descent.Matches(header), $"block {n}");
            Assert.False(descent.Matches(header with { DelayBufferDeficit = header.DelayBufferDeficit + 1 }), $"block {n}: another deficit is another block");

            // Derivation kept the block's source: its frames, shown to L1 by batch and position, derive the same list
            // from the same source (none for a block derivation built itself); and its candidates with their verdicts.
            var record = verifier.GetRecord(n)!;
            Assert.Equal(list.Source.IsAuto, record.BuiltByDerivation);
            var frames = record.Frames?.Select(f => new DerivedFrame(f.Location!.Value.Batch, f.Location.Value.Position, f.Data)).ToList() ?? [];
            var fromRecord = deriver.Derive(parent, new DerivedOpening(default, parent.Encoded, default, [], frames));
            Assert.Equal(list.Source, fromRecord.Source);
            Assert.Equal(list.Candidates.Select(Convert.ToHexString), fromRecord.Candidates.Select(Convert.ToHexString));
            var kept = record.Candidates(block, parent.StateRoot);
            Assert.Equal(list.Candidates.Select(Convert.ToHexString), kept.Select(c => Convert.ToHexString(Optimistic.Chain.L2Block.OneStepOf(c.Transaction).Encode())));
            Assert.Equal(mask, kept.Select(c => c.Applied));

            // L1's masked one step, from the parent's state over every candidate, ends at the header's state, all as masked.
            var context = verifier.Machine.Context with { Fees = verifier.Inbox.FeesAt(block.Header.L1Origin), Deposits = records };
            var leaves = Enumerable.Range(0, mask.Length).Select(i => ExecutionStep.LeafHash(list.MaskedLeaf(i, mask[i]))).ToArray();
            var point = ExecutionPoint.Start(parent.StateRoot, descent.MaskedRoot, (uint)mask.Length);
            // Derivation keeps block states only: the history rebuilds the state between two transactions.
            var history = new Optimistic.Agents.ChainOutputHistory(verifier.GetBlock, verifier.Store, context);
            var appliedBefore = 0;
            for (var i = 0; i < mask.Length; i++)
            {
                var (witness, _) = OneStepWitnessGenerator.Generate(history.StateAfter(n, appliedBefore), point.StateRoot, OneStepTransaction.Decode(list.Candidates[i]), context);
                point = ExecutionStep.Next(new StepProof(point, list.MaskedLeaf(i, mask[i]), BinaryMerkleTree.Prove(leaves, i), witness.Encode()), context, masked: true);
                Assert.True(point.AllApplied, $"block {n}, candidate {i}");
                Assert.Equal(point.StateRoot, kept[i].StateAfter);
                if (mask[i]) appliedBefore++;
            }
            Assert.Equal(descent.Final, point);
            // A flipped bit is caught by the step: the point is no longer "as claimed".
            if (mask.Length > 0)
            {
                var flipped = (bool[])mask.Clone();
                flipped[0] = !flipped[0];
                var start = ExecutionPoint.Start(parent.StateRoot, list.MaskedRoot(flipped), (uint)mask.Length);
                var flippedLeaves = Enumerable.Range(0, mask.Length).Select(i => ExecutionStep.LeafHash(list.MaskedLeaf(i, flipped[i]))).ToArray();
                var (witness, _) = OneStepWitnessGenerator.Generate(verifier.Store, start.StateRoot, OneStepTransaction.Decode(list.Candidates[0]), context);
                Assert.False(ExecutionStep.Next(new StepProof(start, list.MaskedLeaf(0, flipped[0]), BinaryMerkleTree.Prove(flippedLeaves, 0), witness.Encode()), context, masked: true).AllApplied);
            }
        }
        Assert.Equal(1, dropped);
        Assert.Equal(verifier.AutoBlocks, (ulong)autos);
        // The silent window delayed a forced transfer beyond the buffer's threshold: the buffer shrank, every header
        // carried its deficit and L1 derived the same deficit and the same shortened window (Matches checks the field).
        Assert.True(verifier.Safe.DelayBufferDeficit > 0);
        Assert.True(verifier.ForcedWindow < config.ForcedInclusionWindow);

        // The records are kept from the finalized head on, and pruned below it as it advances.
        Assert.Equal((int)verifier.Safe.Number, verifier.RecordCount);
        verifier.ObserveFinalized(new FinalizedOutput(20, verifier.GetBlock(20)!.Header.Output.Root));
        Assert.Equal(20UL, verifier.Finalized.Number);
        Assert.Null(verifier.GetRecord(19));
        Assert.NotNull(verifier.GetRecord(20));
        Assert.Equal((int)verifier.Safe.Number - 19, verifier.RecordCount);
    }

    [Fact]
    public void The_derived_history_opens_every_block_as_L1_derives_it_and_steps_any_mask_from_its_own_execution()
    {
        var (config, rules) = RollupHarness.ForL1Games(sequencingWindow: 8, forcedWindow: 4);
        var harness = new RollupHarness(config);
        var bob = TestKeys.Addr(0xB0);
        harness.AddL1Block([(TestKeys.Key(0).Address, 1_000)], [], []);
        ulong nonce = 0;
        for (var round = 0; round < 3; round++)
        {
            harness.RunL2Interval(tick => { if (tick is > 0 and < 3) harness.Sequencer.Submit(TestKeys.Transfer(0, bob, 5 + (ulong)tick, nonce++)); });
            harness.AddL1Block(round == 1 ? [(TestKeys.Key(2).Address, 500)] : [],
                round == 1 ? [TestKeys.Withdraw(3, TestKeys.Addr(0x11), 100, 0)] : [], harness.PostBatch());
        }
        for (var i = 0; i < 12; i++) harness.AddL1Block([], [], []); // silent: derivation builds blocks itself
        var verifier = harness.Derive();
        var records = new Records(harness);
        var deriver = new L1ListDeriver(rules, records);
        var context = verifier.Machine.Context with { Deposits = records };
        var chain = new Optimistic.Agents.ChainOutputHistory(verifier.GetBlock, verifier.Store, context, verifier.Inbox.FeesAt);
        var history = new Optimistic.Agents.DerivedChainOutputHistory(chain, verifier.GetBlock, verifier.GetRecord, context, verifier.Inbox.FeesAt);
        var (framed, stepped) = (0, 0);
        for (var n = 1UL; n <= verifier.Safe.Number; n++)
        {
            var opening = history.Derivation(n)!;
            var header = L2HeaderPreimage.Decode(verifier.GetBlock(n)!.Header.Encode());
            var parent = L2HeaderPreimage.Decode(opening.ParentHeader);
            Assert.Equal(verifier.GetBlock(n - 1)!.Header.Output, opening.PreOutput);
            var descent = new DerivedDescent(deriver.Derive(parent, opening), opening.Mask, opening.FinalStateRoot);
            Assert.True(descent.Matches(header), $"block {n}");
            if (opening.Frames.Count > 0) framed++;
            var execution = history.Execution(n)!;
            Assert.True(execution.Covers(descent));
            Assert.Equal(opening.Mask, execution.TrueMask());
            Assert.Equal(header.StateRoot, execution.FinalState);
            // Every step of the true mask, and the first step of a mask with its last bit flipped, is what L1's step computes.
            var stepRules = context with { Fees = verifier.Inbox.FeesAt(header.L1Origin) };
            var masks = opening.Mask.Length == 0 ? [opening.Mask] : new[] { opening.Mask, Flipped(opening.Mask) };
            foreach (var mask in masks)
            {
                var played = new DerivedDescent(descent.List!, mask, opening.FinalStateRoot);
                var point = ExecutionPoint.Start(parent.StateRoot, played.MaskedRoot, (uint)mask.Length);
                for (var i = 0UL; i < (ulong)mask.Length; i++)
                {
                    var next = ExecutionStep.Next(execution.ProofFrom(played, point), stepRules, masked: true);
                    Assert.Equal(execution.PointAt(played, i), next);
                    point = next;
                    stepped++;
                }
                Assert.Equal(mask == opening.Mask, point.AllApplied);
                if (mask == opening.Mask) Assert.Equal(descent.Final, point);
            }
        }
        Assert.True(framed >= 3 && verifier.AutoBlocks >= 1 && stepped >= 12, $"{framed} framed blocks, {verifier.AutoBlocks} built by derivation, {stepped} steps");
        Assert.Null(history.Derivation(0));
        Assert.Null(history.Execution(verifier.Safe.Number + 1));
    }

    private static bool[] Flipped(bool[] mask)
    {
        var flipped = (bool[])mask.Clone();
        flipped[^1] = !flipped[^1];
        return flipped;
    }

    /// <summary>
    /// The block after <paramref name="parent"/> as L1 derives it from the first source derivation meets: the first
    /// channel that carries it, unless derivation built the block itself before that channel completed.
    /// </summary>
    private static DerivedList DeriveFromFirstChannel(L1ListDeriver deriver, Records records, L2HeaderPreimage parent)
    {
        DerivedList? auto = null;
        try
        {
            auto = deriver.Derive(parent, new DerivedOpening(default, parent.Encoded, default, [], []));
        }
        catch (InvalidDisputeMoveException e) when (e.Error == DisputeError.UnknownOrigin)
        {
        }
        for (var batch = 0; batch < records.Batches.Count; batch++)
        {
            var frames = records.Blobs[batch].Select((data, i) => new DerivedFrame((ulong)batch, (uint)i, data)).ToList();
            foreach (var channel in frames.GroupBy(f => OptimisticChannelFrame.Decode(f.Data).ChannelId))
            {
                var opening = new DerivedOpening(default, parent.Encoded, default, [], [.. channel]);
                try
                {
                    var list = deriver.Derive(parent, opening);
                    return auto is not null && auto.Source.CompareTo(list.Source) < 0 ? auto : list;
                }
                catch (InvalidDisputeMoveException e) when (e.Error == DisputeError.BlockNotInChannel)
                {
                }
            }
        }
        return auto ?? throw new InvalidOperationException($"no source carries L2 block {parent.Number + 1}");
    }
}
