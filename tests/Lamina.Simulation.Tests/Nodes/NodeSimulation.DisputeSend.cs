using Lamina.L1.Blobs;
using Lamina.L1.Blocks;
using Lamina.L1.Rollups;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Agents;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// How a dispute party's transactions reach L1, and its scripted roles (sequencer, honest proposer and user). Every
/// party sends through the real <see cref="DisputeSender"/>, as <c>ClientDisputeL1</c> does: many transactions at once on
/// consecutive nonces, each judged by the same fail-fast rules (dropped once its node no longer holds it, its nonce
/// went to another transaction, or <see cref="DisputeSender.LeftOutBlocks"/> blocks went without it while it was next
/// in line; one queued behind a failed one fails with it; refused; timed out after <see cref="DisputeSendTimeoutMs"/>),
/// and a transaction given up while it may still be pending replaced at its nonce with both fee caps doubled. Only the
/// transport is the simulation's (<see cref="SimDisputeTxChannel"/>): a transaction reaches the party's node after the
/// run's message delay (most within 300 ms, one in twenty 0.5 to 1.5 s), in the order sent. The party's agent carries
/// on with its other moves; its loop tries again on its next tick.
/// </summary>
internal sealed partial class NodeSimulation
{
    private const long DisputeSendTimeoutMs = 5_000;

    /// <summary>The party's sender for its current process (one per key and process, shared by everything the process runs).</summary>
    internal DisputeSender SenderFor(DisputeParty party)
    {
        if (party.Sender is { } current && party.SenderIncarnation == party.Incarnation) return current;
        party.Sender = new DisputeSender(new SimDisputeTxChannel(this, party, party.Incarnation), party.Key, ChainId) { SendTimeout = TimeSpan.FromMilliseconds(DisputeSendTimeoutMs) };
        party.SenderIncarnation = party.Incarnation;
        return party.Sender;
    }

    /// <summary>Sends through the party's sender, counting for the report what landed and why the rest did not.</summary>
    internal async Task<IReadOnlyList<DisputeSendException?>> SendDisputeAll(DisputeParty party, IReadOnlyList<TxPayload> payloads)
    {
        var results = await SenderFor(party).SendAllAsync(payloads, CancellationToken.None);
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i] is not { } failure)
            {
                party.Landed++;
                continue;
            }
            if (failure.Failure == DisputeSendFailure.Refused) party.Refused++;
            else if (failure.Failure == DisputeSendFailure.Dropped) party.Dropped++;
            else party.TimedOut++;
            NoteWhyNotIncluded(party, payloads[i]);
        }
        return results;
    }

    /// <summary>One transaction; throws the <see cref="DisputeSendException"/> that says why it did not land.</summary>
    internal async Task SendDispute(DisputeParty party, TxPayload payload)
    {
        if ((await SendDisputeAll(party, [payload]))[0] is { } failure)
            throw new DisputeSendException(failure.Failure, failure.Transaction, $"{party.Name}: {failure.Message}", failure);
    }

    /// <summary>The run's message delay for a party's transaction on its way to its node.</summary>
    internal long DisputeMessageDelay(DisputeParty party)
    {
        var delay = _dispute!.Delays ? (_rng.Chance(0.05) ? _rng.NextLong(500, 1_500) : _rng.NextLong(0, 300)) : 0;
        Mix(0x3D20 | (ulong)party.Index << 16 | (ulong)delay << 24);
        return delay;
    }

    internal WholeNode? DisputeNodeOf(DisputeParty party) => ReadNode(party);

    private void OnDisputeSubmit(DisputeSubmit s)
    {
        var party = _parties[s.Party];
        Mix(0x3D21 | (ulong)s.Party << 16);
        s.Arrived();
        if (!party.Up || party.Incarnation != s.Incarnation || ReadNode(party)?.Chain is not { } chain) return;
        try
        {
            chain.SubmitTransaction(s.Tx);
        }
        catch (TransactionRejectedException)
        {
            // Refused on arrival (a nonce used meanwhile, an underpriced replacement, already known): the sender sees
            // the node hold it or not, and judges it by its rules.
        }
    }

    private void OnDisputeWake(DisputeWake w)
    {
        var party = _parties[w.Party];
        Mix(0x3D22 | (ulong)w.Party << 16);
        if (party.Up && party.Incarnation == w.Incarnation) w.Done.SetResult();
    }

    /// <summary>On each new height, the dispute invariants.</summary>
    private void DisputeCommitted(Block block) => CheckDispute(block);

    /// <summary>For the report: what the game says now to a move that did not land (L1 leaves a refused move out of its block).</summary>
    private void NoteWhyNotIncluded(DisputeParty party, TxPayload payload)
    {
        if (payload is not Lamina.L1.Rollups.Dispute.DisputeMovePayload move || FirstHonestChain() is not { } chain) return;
        var state = chain.StateAt();
        if (Lamina.L1.Rollups.Dispute.DisputeLedger.Find(state, DisputeRollupId, move.OutputIndex) is not { } record) return;
        try
        {
            var game = record.Rebuild(_rollup, new Lamina.L1.Rollups.Dispute.StateRollupRecords(state, DisputeRollupId));
            game.Apply(move.Move, party.Address, move.Bond, chain.Head.Header.TimeMs);
            _moveRefusals["(the game would take it now)"] = _moveRefusals.GetValueOrDefault("(the game would take it now)") + 1;
        }
        catch (Lamina.L1.Rollups.Dispute.InvalidDisputeMoveException x)
        {
            _moveRefusals[x.Error.ToString()] = _moveRefusals.GetValueOrDefault(x.Error.ToString()) + 1;
        }
    }

    private readonly Dictionary<string, int> _moveRefusals = []; // lookup only: why moves did not land, for the report

    private Lamina.L1.Chain.Blockchain? FirstHonestChain() => Nodes.FirstOrDefault(n => n.Honest && n.Up && n.Chain is not null)?.Chain;

    /// <summary>
    /// The sequencer: the deposits block 1 credits; then, once they are on L1, it builds the chain over their height and
    /// posts it as the batcher does (each channel's blobs, then a batch reference naming where they landed); then each
    /// output at its time, from its own view of the chain (a fault's lie where it lies).
    /// </summary>
    private async Task<int> SequencerTick(DisputeParty party)
    {
        if (ReadNode(party)?.Chain is not { } chain) return 0;
        var state = chain.StateAt();
        var rollup = RollupLedger.Find(state, DisputeRollupId)!;
        if (rollup.NextDeposit < (ulong)SimL2Chain.Deposits.Count)
        {
            var d = SimL2Chain.Deposits[(int)rollup.NextDeposit];
            await SendDispute(party, new RollupDepositPayload(DisputeRollupId, d.Recipient, d.Amount));
            return 1;
        }
        if (_l2 is null)
        {
            _l2BuiltAtHeight = chain.Height;
            ChainBuilt(BuildChain(chain));
        }
        if (await PostChannels(party, chain) is var posting and not 0) return posting;
        for (var k = 0; k < _outputPostAt.Length; k++)
        {
            var block = (ulong)((k + 1) * OutputEvery);
            if (_sequencerPosted.Contains(block)) continue;
            if (Now < _outputPostAt[k]) return 0;
            if (rollup.LastOutputL2Block >= block)
            {
                _sequencerPosted.Add(block); // an earlier send landed late
                continue;
            }
            await SendDispute(party, new RollupOutputPayload(DisputeRollupId, block, SequencerOutput(block).Root, ProposerBond));
            _sequencerPosted.Add(block);
            return 1;
        }
        return 0;
    }

    /// <summary>The chain over the height where the last deposit landed, at that L1 block's time and blob base fee.</summary>
    private SimL2Chain BuildChain(Lamina.L1.Chain.Blockchain chain)
    {
        var origin = RollupLedger.FindDeposit(chain.StateAt(), DisputeRollupId, (ulong)SimL2Chain.Deposits.Count - 1)!.L1Height;
        var blobFee = chain.Modules.Find<BlobModule>()!.CurrentBaseFee(chain.StateAt(origin));
        return new SimL2Chain(Lamina.L1.Rollups.Dispute.DisputeLedger.RuleContext(_rollup), L2Blocks, _chainRng, origin, chain.Store.GetBlock(origin)!.Header.TimeMs, _rollup.L2FeesAt(blobFee));
    }

    /// <summary>
    /// Posts the next channel not yet referenced: its blobs (sent once; found on L1 by their commitments), then the batch
    /// reference naming their locations. A reference that landed is recognised on L1 by those locations (a send that
    /// timed out may still land), and the chain's blocks in it become derivable.
    /// </summary>
    private async Task<int> PostChannels(DisputeParty party, Lamina.L1.Chain.Blockchain chain)
    {
        var state = chain.StateAt();
        var rollup = RollupLedger.Find(state, DisputeRollupId)!;
        for (; _channelsPosted < _l2!.Channels.Count; _channelsPosted++)
        {
            var blobs = _l2.Channels[_channelsPosted].Blobs;
            if (LocateBlobs(chain, blobs) is not { } locations)
            {
                if (_blobsSentFor == _channelsPosted && Now < _blobsSentAt + DisputeSendTimeoutMs) return 0;
                var fee = checked(chain.Modules.Find<BlobModule>()!.CurrentBaseFee(state) * 4 + 10);
                (_blobsSentFor, _blobsSentAt) = (_channelsPosted, Now);
                await SendDisputeAll(party, [.. blobs.Select(b => (TxPayload)new BlobPayload(RollupNamespace.Of(DisputeRollupId), fee, b))]);
                return 1;
            }
            var landed = Enumerable.Range(0, (int)rollup.NextBatch).Select(n => RollupLedger.FindBatch(state, DisputeRollupId, (ulong)n)!)
                .FirstOrDefault(b => b.Blobs.SequenceEqual(locations));
            if (landed is null)
            {
                await SendDispute(party, new RollupBatchPayload(DisputeRollupId, rollup.NextBatch, locations));
                return 1;
            }
            _l2.Posted(_channelsPosted, landed.Number, landed.PostedAtHeight);
        }
        return 0;
    }

    /// <summary>Where each blob landed on L1 (its block, its index among the block's blobs, the data root), or null while one has not.</summary>
    private BlobLocation[]? LocateBlobs(Lamina.L1.Chain.Blockchain chain, IReadOnlyList<byte[]> blobs)
    {
        var wanted = blobs.Select(b => BlobCommitment.Of(b)).ToList();
        var found = new BlobLocation?[blobs.Count];
        for (var h = _l2BuiltAtHeight; h <= chain.Height; h++)
        {
            var block = chain.Store.GetBlock(h)!;
            var index = 0u;
            foreach (var tx in block.Transactions)
            {
                if (tx.Payload is not BlobPayload blob) continue;
                var at = wanted.IndexOf(blob.Commitment);
                if (at >= 0 && found[at] is null) found[at] = new BlobLocation(h, index, block.Header.DataRoot);
                index++;
            }
        }
        return found.All(f => f is not null) ? [.. found.Select(f => f!.Value)] : null;
    }

    private int _channelsPosted, _blobsSentFor = -1;
    private long _blobsSentAt;
    private ulong _l2BuiltAtHeight;

    private OptimisticOutput SequencerOutput(ulong block)
    {
        if (_dispute!.Sequencer == SequencerFault.WrongRoot && _wrongRoot!.Value.L2BlockNumber == block) return _wrongRoot.Value;
        // The fault strikes the drawn output's range once (the devnet's proposer calls it the same way) and keeps its lie.
        if (_dispute.Sequencer == SequencerFault.BadTransition && block == _badTransitionOutput)
            return _badTransition!.Lie ?? _badTransition.Strike(block - OutputEvery, block) ?? _l2!.Output(block);
        return _l2!.Output(block);
    }

    /// <summary>
    /// The honest proposer and user: once the sequencer has posted, it proposes the true output of every scheduled block
    /// past the rollup's last output block (after a removal, the honest sequence continues from the last good root),
    /// and claims the L2 withdrawal on L1 against the first finalized output that holds it.
    /// </summary>
    private async Task<int> ProposerTick(DisputeParty party)
    {
        if (ReadNode(party)?.Chain is not { } chain || _sequencerPosted.Count < _outputPostAt.Length) return 0;
        var state = chain.StateAt();
        var rollup = RollupLedger.Find(state, DisputeRollupId)!;
        for (var k = 1; k <= _outputPostAt.Length; k++)
        {
            var block = (ulong)(k * OutputEvery);
            if (block <= rollup.LastOutputL2Block) continue;
            await SendDispute(party, new RollupOutputPayload(DisputeRollupId, block, _l2!.Output(block).Root, ProposerBond));
            _honestReposts++;
            return 1;
        }
        if (chain.GetAccount(SimL2Chain.WithdrawalRecipient).Balance != 0) return 0;
        for (ulong i = 1; i < rollup.NextOutput; i++)
        {
            var output = RollupLedger.FindOutput(state, DisputeRollupId, i)!;
            if (output.Status != OutputStatus.Finalized || output.L2BlockNumber < _l2!.WithdrawalBlock) continue;
            var receipt = _l2.Machine.GetWithdrawal(_l2.Block(output.L2BlockNumber)!.Header.StateRoot, SimL2Chain.WithdrawalSender, _l2.WithdrawalNonce)!.Value;
            _withdrawalClaimedAgainst = i;
            await SendDispute(party, new RollupWithdrawPayload(DisputeRollupId, i, receipt, _l2.Machine.ProveWithdrawal(_l2.Output(output.L2BlockNumber), receipt)));
            return 1;
        }
        return 0;
    }
}
