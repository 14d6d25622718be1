using Lamina.Core;
using Lamina.L1.Blocks;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.State;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// The dispute run's invariants, checked on every new height against L1's state there: no wrong root is ever finalized;
/// no correct root is removed except with a wrong root before it (the roots built on a removed one go with it, their
/// bonds returned); a game over a wrong root ends ChallengerWins and one over a true root DefenderWins; in every
/// resolved game no honest claim is countered, the honest challenger is paid at least what it bonded, the payouts
/// conserve the bonds, and every countered claim's bond goes where the payout rule says (the stepper, the revealer, or
/// the claimant of its leftmost uncountered counter); every game is resolvable at creation + the stated bound
/// 2·clock + (block levels + execution levels + 2)·extension and resolved on L1 within <see cref="ResolutionSlackMs"/>
/// after it. The run ends once an output of the chain's last block is finalized (with its true root, as every final one), every game is resolved and the
/// L2 withdrawal was paid on L1 against a finalized output; the bond vault is then empty.
/// </summary>
internal sealed partial class NodeSimulation
{
    /// <summary>What a game's resolution transaction may take after the bound: a tick, the message delay and inclusion.</summary>
    private const long ResolutionSlackMs = 5_000;

    private readonly HashSet<ulong> _gamesChecked = []; // lookup only: resolved games already checked
    private readonly HashSet<string> _disputeViolationsSeen = []; // lookup only: a standing violation is reported once
    private readonly List<string> _gameFigures = [];
    private int _honestReposts;
    private ulong? _withdrawalClaimedAgainst;

    private void DisputeViolation(string message)
    {
        if (_disputeViolationsSeen.Add(message)) _violations.Add($"dispute: {message} (at {Now} ms)");
    }

    private void CheckDispute(Block block)
    {
        if (_dispute is null || _l2 is null || Nodes.FirstOrDefault(n => n.Honest && n.Chain is { } c && c.Height >= block.Height)?.Chain is not { } chain) return;
        var state = chain.StateAt(block.Height);
        var rollup = RollupLedger.Find(state, DisputeRollupId)!;
        ulong? wrongRemoved = null;
        for (ulong i = 1; i < rollup.NextOutput; i++)
        {
            var output = RollupLedger.FindOutput(state, DisputeRollupId, i)!;
            var correct = output.OutputRoot == _l2.Output(output.L2BlockNumber).Root;
            if (output.Status == OutputStatus.Finalized && !correct) DisputeViolation($"output {i} (L2 block {output.L2BlockNumber}) finalized a wrong root");
            if (output.Status == OutputStatus.Replaced && !correct) wrongRemoved ??= i;
            if (output.Status == OutputStatus.Replaced && correct && (wrongRemoved is null || wrongRemoved > i))
                DisputeViolation($"output {i} (L2 block {output.L2BlockNumber}) with the true root was removed with no wrong root before it");
        }
        foreach (var index in DisputeLedger.Index(state, DisputeRollupId).OutputIndices)
        {
            if (_gamesChecked.Contains(index) || DisputeLedger.Find(state, DisputeRollupId, index) is not { Outcome: not null } record) continue;
            _gamesChecked.Add(index);
            CheckGame(state, record, chain.Store.GetBlock(record.ResolvedHeight)?.Header.TimeMs ?? block.Header.TimeMs);
            CountRefutationFees(chain, state, record);
        }
        // The chain is settled once an output of its last block is final (an earlier block's output may be skipped when a
        // later true output finalized first: its own game proved it, and outputs must increase).
        var finalized = Enumerable.Range(1, (int)rollup.NextOutput - 1)
            .Any(i => RollupLedger.FindOutput(state, DisputeRollupId, (ulong)i) is { Status: OutputStatus.Finalized } o && o.L2BlockNumber == L2Blocks);
        var open = DisputeLedger.Index(state, DisputeRollupId).OutputIndices.Any(i => DisputeLedger.Find(state, DisputeRollupId, i)!.Outcome is null);
        var paid = chain.GetAccount(SimL2Chain.WithdrawalRecipient, block.Height).Balance;
        if (paid > SimL2Chain.WithdrawalAmount) DisputeViolation($"the withdrawal recipient holds {paid}, more than the one withdrawal of {SimL2Chain.WithdrawalAmount}");
        if (!finalized || open || paid != SimL2Chain.WithdrawalAmount || _disputeDone) return;
        var vault = chain.GetAccount(RollupAccounts.BondVault(DisputeRollupId), block.Height).Balance;
        if (vault != UInt128.Zero) DisputeViolation($"the bond vault holds {vault} after every output is final and every game resolved");
        _disputeDone = true;
        _disputeOutcome = $"every output final with its true root, {_gamesChecked.Count} games resolved, {_honestReposts} true outputs reposted, withdrawal paid against output {_withdrawalClaimedAgainst}; {DescribeOutputs()}";
    }

    private void CheckGame(WorldState state, DisputeGameRecord record, ulong resolvedMs)
    {
        var game = record.Rebuild(_rollup, new StateRollupRecords(state, DisputeRollupId));
        var resolution = game.Resolve(resolvedMs);
        var wrong = record.DisputedRoot != _l2!.Output(record.DisputedBlock).Root;
        var expected = wrong ? DisputeOutcome.ChallengerWins : DisputeOutcome.DefenderWins;
        var what = $"game over output {record.OutputIndex} (L2 block {record.DisputedBlock}, {(wrong ? "wrong" : "true")} root)";
        if (resolution.Outcome != expected || record.Outcome != expected) DisputeViolation($"{what} ended {record.Outcome}");
        var honest = _parties.Single(p => p.Role == DisputeRole.Honest).Address;
        UInt128 bonds = 0, paid = 0, honestBonded = 0, liarBonded = 0;
        int honestMoves = 0, liarMoves = 0;
        foreach (var entry in record.Moves)
        {
            if (entry.Mover == honest) (honestBonded, honestMoves) = (honestBonded + entry.Bond, honestMoves + 1);
            else (liarBonded, liarMoves) = (liarBonded + entry.Bond, liarMoves + 1);
        }
        for (var g = 0; g < game.ClaimCount; g++)
        {
            var claim = game.Claim(g);
            bonds += claim.Bond;
            paid += resolution.Payouts[g].Amount;
            if (claim.Claimant == honest && resolution.Countered[g]) DisputeViolation($"{what}: the honest claim {g} was countered{WhyCountered(game, resolution, g, record.CreatedMs, resolvedMs)}");
            if (RuleBreak(game, resolution, g) is { } broken) DisputeViolation($"{what}: claim {g}'s bond {broken}");
        }
        if (bonds != paid) DisputeViolation($"{what}: bonds {bonds} but payouts {paid}");
        var honestPaid = resolution.PaidTo(honest);
        if (honestPaid < honestBonded) DisputeViolation($"{what}: the honest challenger bonded {honestBonded} and got back {honestPaid}");
        var bound = record.CreatedMs + game.ResolutionBoundMs;
        if (!Resolvable(game, bound)) DisputeViolation($"{what}: not resolvable at creation + the stated bound ({game.ResolutionBoundMs} ms)");
        if (resolvedMs > bound + ResolutionSlackMs) DisputeViolation($"{what}: resolved on L1 {resolvedMs - record.CreatedMs} ms after creation, past the bound {game.ResolutionBoundMs} ms + {ResolutionSlackMs} ms");
        var clocksOut = ClocksOut(game, record.Moves[^1].TimeMs, bound);
        _gameFigures.Add($"dispute-game output={record.OutputIndex} wrong={wrong} outcome={record.Outcome} claims={game.ClaimCount} subgames={game.Subgames.Count} " +
                         $"derived={record.Derivation is not null} derives={record.Moves.Count(m => DisputeMove.Decode(m.Move).IsDerive)} honestDerives={record.Moves.Count(m => m.Mover == honest && DisputeMove.Decode(m.Move).IsDerive)} " +
                         $"steps={record.Moves.Count(m => DisputeMove.Decode(m.Move).IsStep)} honestTxs={honestMoves} liarTxs={liarMoves} liarParties={record.Moves.Select(m => m.Mover).Where(m => m != honest).Distinct().Count()} " +
                         $"honestBonded={honestBonded} honestPaid={honestPaid} liarBonded={liarBonded} liarPaid={paid - honestPaid} " +
                         $"resolvableMs={clocksOut - record.CreatedMs} resolvedMs={resolvedMs - record.CreatedMs} boundMs={game.ResolutionBoundMs}");
    }

    /// <summary>
    /// The payout rule, checked claim by claim from the resolved tree: an uncountered claim's bond returns to its
    /// claimant; a countered one's goes to its stepper (or, at the split, the claimant of the descent that stands), to the
    /// revealer that refuted a descent, or else to the claimant of its leftmost uncountered counter (earliest on a tie).
    /// </summary>
    private static string? RuleBreak(OutputDisputeGame game, DisputeResolution resolution, int g)
    {
        var claim = game.Claim(g);
        var to = resolution.Payouts[g].To;
        if (!resolution.Countered[g]) return to == claim.Claimant ? null : $"went to {to}, not back to its uncountered claimant";
        var (sub, local) = game.Locate(g);
        if (sub >= 0 && local == 0 && game.Subgames[sub].CounteredBy is { } revealer) return to == revealer ? null : $"went to {to}, not to the revealer {revealer}";
        if (claim.SteppedBy is { } stepper) return to == stepper ? null : $"went to {to}, not to its stepper {stepper}";
        var leftmost = -1;
        for (var c = g + 1; c < game.ClaimCount; c++)
        {
            if (game.ParentOf(c) != g || resolution.Countered[c] || game.Locate(c).Subgame != sub) continue;
            if (leftmost < 0 || game.Claim(c).Position.IndexAtDepth < game.Claim(leftmost).Position.IndexAtDepth) leftmost = c;
        }
        if (leftmost < 0) return "was countered with no stepper and no uncountered counter";
        return to == game.Claim(leftmost).Claimant ? null : $"went to {to}, not to {game.Claim(leftmost).Claimant}, the claimant of its leftmost uncountered counter";
    }

    /// <summary>For a failing run's report: the uncountered claims under a countered honest claim, when they came and what answered them.</summary>
    private string WhyCountered(OutputDisputeGame game, DisputeResolution resolution, int g, ulong createdMs, ulong resolvedMs)
    {
        var parts = new List<string>();
        for (var c = g + 1; c < game.ClaimCount; c++)
        {
            if (game.ParentOf(c) != g || resolution.Countered[c]) continue;
            var child = game.Claim(c);
            var (sub, local) = game.Locate(c);
            var level = sub < 0 ? game.Blocks : game.Subgames[sub].Game;
            var answers = Enumerable.Range(c + 1, game.ClaimCount - c - 1).Where(d => game.ParentOf(d) == c)
                .Select(d => $"{d}@{game.Claim(d).CreatedMs - createdMs}ms by {NameOf(game.Claim(d).Claimant)}{(resolution.Countered[d] ? " countered" : "")}");
            parts.Add($"claim {c} by {NameOf(child.Claimant)} at {child.CreatedMs - createdMs} ms (depth {child.Position.Depth}, sub {sub}), its counterers' clock {level.CounterClockMs(level.Claims[local], resolvedMs)} ms, stepped by {(child.SteppedBy is { } s ? NameOf(s) : "none")}, answers [{string.Join(", ", answers)}]{StepPre(level, level.Claims[local])}{(sub >= 0 ? DescentEnds(game, sub) : "")}");
        }
        return parts.Count == 0 ? "" : ": " + string.Join("; ", parts);
    }

    /// <summary>For a claim at the bottom of its level: who claimed the point a step against it starts from (a wrong one there leaves it unsteppable).</summary>
    private string StepPre(DisputeGame level, DisputeClaim claim)
    {
        if (claim.Position.Depth != level.Config.MaxDepth) return "";
        var index = claim.Position.TraceIndex(level.Config.MaxDepth);
        if (index == 0) return ", step pre: the absolute prestate";
        var pre = claim;
        for (; pre.Position.TraceIndex(level.Config.MaxDepth) != index - 1; pre = level.Claims[pre.ParentIndex])
            if (pre.IsRoot) return ", step pre: none on its path";
        return $", step pre: trace index {index - 1} claimed by {NameOf(pre.Claimant)} (depth {pre.Position.Depth})";
    }

    /// <summary>For a claim in a subgame: whose claims its descent runs between (a lying pre output makes a prestate no honest step starts from).</summary>
    private string DescentEnds(OutputDisputeGame game, int sub)
    {
        var subgame = game.Subgames[sub];
        // Pre and post are block-level claims, numbered within that level.
        var pre = subgame.PreClaim < 0 ? "the anchor" : $"block-level claim {subgame.PreClaim} by {NameOf(game.Blocks.Claims[subgame.PreClaim].Claimant)}";
        return $", descent by {NameOf(subgame.Game.Claims[0].Claimant)} {(subgame.OpposesPost ? "opposing" : "supporting")} block-level claim {subgame.PostClaim} by {NameOf(game.Blocks.Claims[subgame.PostClaim].Claimant)} from {pre}";
    }

    private string NameOf(Address address) => _parties.FirstOrDefault(p => p.Address == address)?.Name ?? address.ToString();

    private static bool Resolvable(OutputDisputeGame game, ulong atMs) => game.Blocks.Resolvable(atMs) && game.Subgames.All(s => s.Game.Resolvable(atMs));

    /// <summary>The first L1 time at which no claim can be countered any more (binary search; resolvability only grows with time).</summary>
    private static ulong ClocksOut(OutputDisputeGame game, ulong lastMoveMs, ulong boundMs)
    {
        ulong lo = lastMoveMs, hi = Math.Max(boundMs, lastMoveMs);
        if (!Resolvable(game, hi)) return hi;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (Resolvable(game, mid)) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    private void CheckDisputeEnd()
    {
        if (_dispute is not null && !_disputeDone) _violations.Add($"dispute: the run did not finish; {DescribeDispute().First()}; {DescribeOutputs()}");
        CheckBondsCoverFees();
    }

    private readonly Dictionary<Address, (UInt128 Lost, UInt128 Fees)> _refutations = []; // lookup only: per liar, over the run's resolved games

    /// <summary>
    /// For the bond rule with fees (<see cref="DisputeEconomics"/>): in a resolved game, what each other party lost in
    /// bonds (its countered claims', the disputed output's proposer bond included) and what the honest challenger paid in
    /// L1 fees (burned + tip, from the receipts) for the transactions that countered that party's claims: its create
    /// against a wrong root, its bisection moves, descents, clamps and steps. Reveals and resolves counter no one's claim
    /// and are not counted.
    /// </summary>
    private void CountRefutationFees(Lamina.L1.Chain.Blockchain chain, WorldState state, DisputeGameRecord record)
    {
        var honest = _parties.Single(p => p.Role == DisputeRole.Honest).Address;
        var game = record.Rebuild(_rollup, new StateRollupRecords(state, DisputeRollupId));
        var resolution = game.Resolve(chain.Store.GetBlock(record.ResolvedHeight)!.Header.TimeMs);
        for (var g = 0; g < game.ClaimCount; g++)
        {
            var claim = game.Claim(g);
            if (claim.Claimant == honest || !resolution.Countered[g]) continue;
            var entry = _refutations.GetValueOrDefault(claim.Claimant);
            _refutations[claim.Claimant] = (entry.Lost + claim.Bond, entry.Fees);
        }
        for (var h = record.CreatedHeight; h <= record.ResolvedHeight; h++)
        {
            foreach (var tx in chain.Store.GetBlock(h)!.Transactions)
            {
                if (tx.From != honest) continue;
                int countered;
                if (tx.Payload is DisputeCreatePayload create && create.OutputIndex == record.OutputIndex) countered = 0;
                else if (tx.Payload is DisputeMovePayload move && move.OutputIndex == record.OutputIndex && move.Move.Kind != DisputeMoveKind.Reveal) countered = (int)move.Move.ParentIndex;
                else continue;
                var claimant = game.Claim(countered).Claimant;
                if (claimant == honest || chain.Store.GetReceipt(tx.Hash) is not { } receipt) continue;
                var entry = _refutations.GetValueOrDefault(claimant);
                _refutations[claimant] = (entry.Lost, entry.Fees + receipt.Burned + receipt.Tip);
            }
        }
    }

    /// <summary>The bond rule with fees, at the end of the run: every liar lost at least what refuting it cost the honest side in L1 fees.</summary>
    private void CheckBondsCoverFees()
    {
        foreach (var (liar, (lost, fees)) in _refutations.OrderBy(r => r.Key))
            if (lost < fees) _violations.Add($"dispute: {NameOf(liar)} lost {lost} in bonds, less than the {fees} the honest challenger paid in L1 fees to refute it");
    }

    private string DescribeOutputs()
    {
        if (Nodes.FirstOrDefault(n => n.Honest && n.Chain is not null)?.Chain is not { } chain) return "";
        var state = chain.StateAt();
        var rollup = RollupLedger.Find(state, DisputeRollupId)!;
        var outputs = Enumerable.Range(1, (int)rollup.NextOutput - 1).Select(i => RollupLedger.FindOutput(state, DisputeRollupId, (ulong)i)!)
            .Select(o => $"{o.Index}:b{o.L2BlockNumber}:{o.Status}:{(o.OutputRoot == _l2!.Output(o.L2BlockNumber).Root ? "true" : "wrong")}");
        return $"outputs {string.Join(" ", outputs)}; last output block {rollup.LastOutputL2Block}; withdrawal paid {chain.GetAccount(SimL2Chain.WithdrawalRecipient).Balance}";
    }

    private IEnumerable<string> DescribeDispute()
    {
        if (_dispute is null) yield break;
        yield return $"dispute: {_dispute} {_disputeOutcome}; moves that did not land, as the game judged them after: [{string.Join(", ", _moveRefusals.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"))}]; " + string.Join(", ", _parties.Select(p =>
            $"{p.Name} sent {p.Sent} landed {p.Landed} timed out {p.TimedOut} refused {p.Refused} dropped {p.Dropped} tick errors {p.TickErrors} crashes {p.Crashes}{(p.LastError is null ? "" : $" (last: {p.LastError})")}"));
        foreach (var figure in _gameFigures) yield return figure;
        yield return $"dispute-refutations {string.Join(" ", _refutations.OrderBy(r => r.Key).Select(r => $"{NameOf(r.Key)}:lost={r.Value.Lost}:fees={r.Value.Fees}"))}";
    }
}
