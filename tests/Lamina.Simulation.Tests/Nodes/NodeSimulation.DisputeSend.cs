using Lamina.L1.Blocks;
using Lamina.L1.Rollups;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// How a dispute party's transactions reach L1, and its scripted roles (sequencer, honest proposer and user). A send is
/// signed at the committed nonce its home node shows (a replacement for a nonce already signed pays more, so a
/// transaction stuck in some mempool never blocks the party), reaches the node after the run's message delay (most
/// within 300 ms, one in twenty 0.5 to 1.5 s), and completes once it is in a committed block; refused, or not in a
/// block within <see cref="DisputeSendTimeoutMs"/> (a move the game refused, for instance: L1 leaves it out of its
/// block), it fails, as ClientDisputeL1's wait for finality fails, and the party's loop tries again on its next tick.
/// </summary>
internal sealed partial class NodeSimulation
{
    private const long DisputeSendTimeoutMs = 2_000;

    internal Task SendDispute(DisputeParty party, int incarnation, TxPayload payload)
    {
        // A process that crashed sends nothing and its wait never ends.
        if (!party.Up || party.Incarnation != incarnation) return new TaskCompletionSource().Task;
        if (ReadNode(party)?.Chain is not { } chain) return Task.FromException(new HttpRequestException("no L1 node reachable"));
        var nonce = chain.GetAccount(party.Address).Nonce;
        var attempts = party.LastNonce.Nonce == nonce ? party.LastNonce.Attempts + 1 : 0;
        party.LastNonce = (nonce, attempts);
        var bump = 1UL << Math.Min(attempts, 20);
        var tx = new RollupTxBuilder(party.Key, ChainId, nonce, checked((chain.NextBaseFee * 4 + 10) * bump), 2 * bump).Sign(payload);
        var done = new TaskCompletionSource();
        party.Pending = (tx, done);
        party.Sent++;
        var delay = _dispute!.Delays ? (_rng.Chance(0.05) ? _rng.NextLong(500, 1_500) : _rng.NextLong(0, 300)) : 0;
        Mix(0x3D20 | (ulong)party.Index << 16 | (ulong)delay << 24);
        Schedule(Now + delay, new DisputeSubmit(party.Index, incarnation, tx));
        Schedule(Now + delay + DisputeSendTimeoutMs, new DisputeSendEnd(party.Index, incarnation, tx.Hash, false, "not in a block within the send timeout"));
        return done.Task;
    }

    private void OnDisputeSubmit(DisputeSubmit s)
    {
        var party = _parties[s.Party];
        Mix(0x3D21 | (ulong)s.Party << 16);
        if (!party.Up || party.Incarnation != s.Incarnation || ReadNode(party)?.Chain is not { } chain) return;
        try
        {
            chain.SubmitTransaction(s.Tx);
        }
        catch (TransactionRejectedException e) when (e.Reason == TxRejectReason.NonceTooLow && s.Resigned < 3)
        {
            // An earlier transaction of this party landed after it was given up: sign again at the node's nonce now, as a
            // wallet does on "nonce too low", instead of failing the whole tick.
            var payload = s.Tx.Payload;
            var nonce = chain.GetAccount(party.Address).Nonce;
            var tx = new RollupTxBuilder(party.Key, ChainId, nonce, s.Tx.MaxFeePerGas, s.Tx.MaxPriorityFeePerGas).Sign(payload);
            party.LastNonce = (nonce, 0);
            if (party.Pending is { } pending && pending.Tx.Hash == s.Tx.Hash) party.Pending = (tx, pending.Done);
            Schedule(Now, s with { Tx = tx, Resigned = s.Resigned + 1 });
            Schedule(Now + DisputeSendTimeoutMs, new DisputeSendEnd(party.Index, s.Incarnation, tx.Hash, false, "not in a block within the send timeout"));
        }
        catch (TransactionRejectedException e) when (e.Reason != TxRejectReason.AlreadyKnown)
        {
            Schedule(Now, new DisputeSendEnd(party.Index, s.Incarnation, s.Tx.Hash, false, $"refused: {e.Message}"));
        }
    }

    /// <summary>On each new height: every party whose awaited transaction is in the block hears so in an event of its own.</summary>
    private void DisputeCommitted(Block block)
    {
        foreach (var party in _parties)
        {
            if (party.Pending is not { } pending) continue;
            foreach (var tx in block.Transactions)
            {
                if (tx.Hash == pending.Tx.Hash) Schedule(Now, new DisputeSendEnd(party.Index, party.Incarnation, tx.Hash, true, null));
            }
        }
        CheckDispute(block);
    }

    private void OnDisputeSendEnd(DisputeSendEnd e)
    {
        var party = _parties[e.Party];
        Mix(0x3D22 | (ulong)e.Party << 16 | (e.Landed ? 1UL << 8 : 0));
        if (party.Incarnation != e.Incarnation || party.Pending is not { } pending || pending.Tx.Hash != e.Tx) return;
        party.Pending = null;
        if (e.Landed)
        {
            party.Landed++;
            pending.Done.SetResult();
            return;
        }
        if (e.Why!.StartsWith("refused", StringComparison.Ordinal)) party.Refused++;
        else party.TimedOut++;
        pending.Done.SetException(new TimeoutException($"{party.Name}'s transaction {e.Tx} {e.Why}{WhyNotIncluded(pending.Tx)}"));
    }

    /// <summary>For the report: what the game says now to a move that did not land (L1 leaves a refused move out of its block).</summary>
    private string WhyNotIncluded(Transaction tx)
    {
        if (tx.Payload is not Lamina.L1.Rollups.Dispute.DisputeMovePayload move || FirstHonestChain() is not { } chain) return "";
        var state = chain.StateAt();
        if (Lamina.L1.Rollups.Dispute.DisputeLedger.Find(state, DisputeRollupId, move.OutputIndex) is not { } record) return "";
        try
        {
            var game = record.Rebuild(_rollup, new Lamina.L1.Rollups.Dispute.StateRollupRecords(state, DisputeRollupId));
            game.Apply(move.Move, tx.From, move.Bond, chain.Head.Header.TimeMs);
            return " (the game would take it now)";
        }
        catch (Lamina.L1.Rollups.Dispute.InvalidDisputeMoveException x)
        {
            _moveRefusals[x.Error.ToString()] = _moveRefusals.GetValueOrDefault(x.Error.ToString()) + 1;
            return $" (the game refuses it: {x.Error})";
        }
    }

    private readonly Dictionary<string, int> _moveRefusals = []; // lookup only: why moves did not land, for the report

    private Lamina.L1.Chain.Blockchain? FirstHonestChain() => Nodes.FirstOrDefault(n => n.Honest && n.Up && n.Chain is not null)?.Chain;

    /// <summary>The sequencer: the deposits block 1 credits, then each output at its time, from its own view of the chain.</summary>
    private async Task<int> SequencerTick(DisputeParty party)
    {
        if (ReadNode(party)?.Chain is not { } chain) return 0;
        var rollup = RollupLedger.Find(chain.StateAt(), DisputeRollupId)!;
        if (rollup.NextDeposit < (ulong)SimL2Chain.Deposits.Count)
        {
            var d = SimL2Chain.Deposits[(int)rollup.NextDeposit];
            await SendDispute(party, party.Incarnation, new RollupDepositPayload(DisputeRollupId, d.Recipient, d.Amount));
            return 1;
        }
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
            await SendDispute(party, party.Incarnation, new RollupOutputPayload(DisputeRollupId, block, SequencerOutput(block).Root, ProposerBond));
            _sequencerPosted.Add(block);
            return 1;
        }
        return 0;
    }

    private OptimisticOutput SequencerOutput(ulong block) => _dispute!.Sequencer switch
    {
        SequencerFault.WrongRoot when _wrongRoot!.Value.L2BlockNumber == block => _wrongRoot.Value,
        SequencerFault.BadTransition => _badTransition!.Output(block)!.Value,
        _ => _l2!.Output(block),
    };

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
            await SendDispute(party, party.Incarnation, new RollupOutputPayload(DisputeRollupId, block, _l2!.Output(block).Root, ProposerBond));
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
            await SendDispute(party, party.Incarnation, new RollupWithdrawPayload(DisputeRollupId, i, receipt, _l2.Machine.ProveWithdrawal(_l2.Output(output.L2BlockNumber), receipt)));
            return 1;
        }
        return 0;
    }
}
