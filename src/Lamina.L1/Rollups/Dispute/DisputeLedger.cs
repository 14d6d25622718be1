using Lamina.L1.Modules;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L1.State;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// The dispute game on L1: one <see cref="OutputDisputeGame"/> per disputed output, its moves as transactions, its
/// bonds held in the rollup's bond vault (debited on every move, paid out on resolution, checked arithmetic), its
/// clocks in L1 header time. Output statuses: Proposed → Disputed when the game opens, then Finalized when the root
/// stands, or Replaced when it falls — with every later output that is still only proposed (they build on it; their
/// bonds go back), and the rollup's last output block set back so a replacement can be posted for the same blocks.
/// </summary>
public static class DisputeLedger
{
    /// <summary>
    /// The rule context every party of the rollup runs: its L2 chain and id, the batch poster as the fee recipient
    /// (the L2 roles take the sequencer to be the batch poster), and the registered fee schedule at a zero blob base
    /// fee (an execution subgame replaces it with its block's origin's: <see cref="OutputDisputeGame.ForRollup"/>).
    /// <paramref name="deposits"/> is L1's deposit queue, which the step checks every deposit against (null: no
    /// check, as derivation runs the rules).
    /// </summary>
    public static OptimisticRuleContext RuleContext(RollupConfig rollup, IL1DepositQueue? deposits = null) =>
        new(rollup.L2ChainId, rollup.Id, rollup.BatchPoster, rollup.L2FeesAt(0), deposits);

    public static DisputeGameRecord? Find(WorldState state, ulong rollupId, ulong outputIndex) => state.GetRecord<DisputeGameRecord>(DisputeKeys.Game(rollupId, outputIndex));

    public static DisputeIndexRecord Index(WorldState state, ulong rollupId) => state.GetRecord<DisputeIndexRecord>(DisputeKeys.Index(rollupId)) ?? DisputeIndexRecord.Empty;

    /// <param name="derivedLists">The module derives block lists on L1 (<see cref="RollupsModule.DerivedLists"/>): the game records its rules.</param>
    internal static void Create(WorldState state, Transaction tx, DisputeCreatePayload create, in BlockContext block, bool derivedLists = false)
    {
        var rollup = RollupLedger.Require(state, create.RollupId);
        var output = RollupLedger.FindOutput(state, rollup.Id, create.OutputIndex)
            ?? throw new RollupRejectedException(RollupError.UnknownOutput, $"rollup {rollup.Id} has no output {create.OutputIndex}");
        if (output.Status != OutputStatus.Proposed || block.TimeMs >= output.FinalizesAtMs(rollup.Config))
            throw new DisputeRejectedException(DisputeError.NotDisputable, $"output {output.Index} is {output.Status} and its window ends at {output.FinalizesAtMs(rollup.Config)} ms: it cannot be disputed at {block.TimeMs} ms");
        var anchor = output;
        for (var i = output.Index; i-- > 0;)
        {
            anchor = RollupLedger.FindOutput(state, rollup.Id, i)!;
            if (anchor.Status == OutputStatus.Finalized) break;
        }
        if (create.Anchor.Root != anchor.OutputRoot || create.Anchor.L2BlockNumber != anchor.L2BlockNumber)
            throw new DisputeRejectedException(DisputeError.OpeningMismatch, $"the anchor opened is not output {anchor.Index} (L2 block {anchor.L2BlockNumber}), the newest finalized one before {output.Index}");
        var record = new DisputeGameRecord(rollup.Id, output.Index, anchor.Index, create.Anchor, output.L2BlockNumber, output.OutputRoot, output.Proposer,
            block.Height, block.TimeMs, null, 0, []) { Derivation = derivedLists ? DerivationRules.ForRollup(rollup.Config, rollup.RegisteredAtHeight) : null };
        var first = new DisputeMoveEntry(tx.From, create.Bond, block.TimeMs, DisputeMove.Attack(0, create.Commitment).Encode());
        Play(state, rollup.Config, record with { Moves = [first] });
        RollupAccounts.Move(state, tx.From, RollupAccounts.BondVault(rollup.Id), create.Bond);
        state.SetRecord(RollupKeys.Output(rollup.Id, output.Index), output with { Status = OutputStatus.Disputed });
        state.SetRecord(DisputeKeys.Index(rollup.Id), Index(state, rollup.Id).With(output.Index));
    }

    internal static void Move(WorldState state, Transaction tx, DisputeMovePayload payload, in BlockContext block)
    {
        var rollup = RollupLedger.Require(state, payload.RollupId);
        var record = Open(state, rollup.Id, payload.OutputIndex);
        if (record.Moves.Count >= DisputeGameRecord.MaxMoves)
            throw new DisputeRejectedException(DisputeError.TooManyMoves, $"the game against output {payload.OutputIndex} holds {DisputeGameRecord.MaxMoves} moves");
        Play(state, rollup.Config, record with { Moves = [.. record.Moves, new DisputeMoveEntry(tx.From, payload.Bond, block.TimeMs, payload.Move.Encode())] });
        RollupAccounts.Move(state, tx.From, RollupAccounts.BondVault(rollup.Id), payload.Bond);
    }

    /// <summary>
    /// Mempool admission of a step: the step replayed on the game as the head state holds it (at the last move's time;
    /// its clock is judged in the block), so a step L1's one-step execution refutes (<see cref="DisputeError.StepDoesNotCounter"/>,
    /// with L1's verdict) or that proves the wrong pre-state is refused to its sender at once, instead of being left out
    /// of every block without a word. Only steps: a bisection move may counter a claim still pending in the same block.
    /// </summary>
    internal static void CheckStep(WorldState head, Transaction tx, DisputeMovePayload payload)
    {
        var rollup = RollupLedger.Require(head, payload.RollupId);
        var record = Open(head, rollup.Id, payload.OutputIndex);
        var at = record.Moves.Count == 0 ? record.CreatedMs : record.Moves[^1].TimeMs;
        Replay(head, record with { Moves = [.. record.Moves, new DisputeMoveEntry(tx.From, payload.Bond, at, payload.Move.Encode())] }, rollup.Config);
    }

    internal static void Resolve(WorldState state, DisputeResolvePayload payload, in BlockContext block)
    {
        var rollup = RollupLedger.Require(state, payload.RollupId);
        var record = Open(state, rollup.Id, payload.OutputIndex);
        var (game, _) = Replay(state, record, rollup.Config);
        DisputeResolution resolution;
        try
        {
            resolution = game.Resolve(block.TimeMs);
        }
        catch (InvalidDisputeMoveException e)
        {
            throw new DisputeRejectedException(e.Error, e.Message);
        }
        var vault = RollupAccounts.BondVault(rollup.Id);
        foreach (var (to, amount) in resolution.Payouts) RollupAccounts.Move(state, vault, to, amount);
        state.SetRecord(DisputeKeys.Game(rollup.Id, record.OutputIndex), record with { Outcome = resolution.Outcome, ResolvedHeight = block.Height });
        var output = RollupLedger.FindOutput(state, rollup.Id, record.OutputIndex)!;
        if (resolution.Outcome == DisputeOutcome.DefenderWins)
        {
            // The root stood against everyone who played: it is final now (its bond was paid by the game).
            state.SetRecord(RollupKeys.Output(rollup.Id, output.Index), output with { Status = OutputStatus.Finalized });
            return;
        }
        state.SetRecord(RollupKeys.Output(rollup.Id, output.Index), output with { Status = OutputStatus.Replaced });
        ReplaceLater(state, rollup, output.Index);
    }

    /// <summary>
    /// Every later output still only proposed builds on the removed root: it is replaced too and its bond returned
    /// (it was never shown wrong). Later disputed outputs keep their games. The last output block falls back to the
    /// newest output that stays, so the honest sequence continues from there.
    /// </summary>
    private static void ReplaceLater(WorldState state, RollupRecord rollup, ulong replaced)
    {
        ulong? last = null;
        for (var i = rollup.NextOutput; i-- > 0;)
        {
            var output = RollupLedger.FindOutput(state, rollup.Id, i)!;
            if (i > replaced && output.Status == OutputStatus.Proposed)
            {
                RollupAccounts.Move(state, RollupAccounts.BondVault(rollup.Id), output.Proposer, output.Bond);
                state.SetRecord(RollupKeys.Output(rollup.Id, i), output with { Status = OutputStatus.Replaced });
                continue;
            }
            if (i == replaced || output.Status == OutputStatus.Replaced) continue;
            last ??= output.L2BlockNumber;
            if (i < replaced) break;
        }
        state.SetRecord(RollupKeys.Rollup(rollup.Id), rollup with { LastOutputL2Block = last ?? 0 });
    }

    private static DisputeGameRecord Open(WorldState state, ulong rollupId, ulong outputIndex)
    {
        var record = Find(state, rollupId, outputIndex) ?? throw new DisputeRejectedException(DisputeError.NoGame, $"no game against output {outputIndex} of rollup {rollupId}");
        if (record.Outcome is not null) throw new DisputeRejectedException(DisputeError.GameOver, $"the game against output {outputIndex} was resolved at height {record.ResolvedHeight}");
        return record;
    }

    /// <summary>
    /// Replays the record's moves (the last one is the new move) and stores it only if every move applies, with the
    /// result of the new move if it is a derived descent: its list is derived here, paid by its gas, and never again;
    /// its blobs are then dropped from the record (<see cref="DisputeGameRecord.WithoutFrames"/>).
    /// </summary>
    private static void Play(WorldState state, RollupConfig rollup, DisputeGameRecord record)
    {
        var (_, derived) = Replay(state, record, rollup);
        var stored = record with { Derived = derived };
        if (derived.Count > record.Derived.Count) stored = stored.WithoutFrames();
        state.SetRecord(DisputeKeys.Game(record.RollupId, record.OutputIndex), stored);
    }

    /// <summary>The game from its record, every derived descent L1 already applied replayed from its stored result (<see cref="DisputeGameRecord.Replay"/>).</summary>
    private static (OutputDisputeGame Game, IReadOnlyList<StoredDerivation> Derived) Replay(WorldState state, DisputeGameRecord record, RollupConfig rollup)
    {
        try
        {
            return record.Replay(rollup, new StateRollupRecords(state, rollup.Id));
        }
        catch (InvalidDisputeMoveException e)
        {
            throw new DisputeRejectedException(e.Error, e.Message);
        }
    }
}
