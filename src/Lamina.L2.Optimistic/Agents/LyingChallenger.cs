using Lamina.Core;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// The <c>challenger</c> role's <c>lie</c> fault (tests and demos): a challenger that disputes a correct output root
/// and plays its lie to the end. While no game is open it picks the first proposed output, still inside its window,
/// whose block it holds and agrees with, and from then on plays that game only, with <see cref="ChallengerAgent"/> over
/// <see cref="LyingOutputHistory"/>: the newest block of the output's range that lists a transaction (with
/// <c>requireTransactions</c>, so the game ends in a real transaction's step; else the output's own block) ends, for it,
/// in the flipped state, its execution agreeing with the truth up to the last transaction, and every later block of
/// the range is flipped too.
/// As the game's challenger its claims sit at the execution level's maximum depth, so whoever defends the output
/// (the honest challenger, which stands behind every correct root) counters its last claim with a step L1 executes.
/// It lies once: after its game is open it only plays that game (and any other as the liar it is).
/// </summary>
public sealed class LyingChallenger
{
    private readonly IDisputeL1 _l1;
    private readonly Func<ulong, L2Block?> _blocks;
    private readonly Func<ulong> _heldThrough;
    private readonly RollupConfig _rollup;
    private readonly bool _requireTransactions;
    private readonly ChallengerAgent _agent;
    private ulong _target, _targetBlock;
    private L2BlockHeader? _lieHeader;

    /// <remarks><paramref name="truth"/>, the node's derived chain, lets it play games that derive lists on L1 (<see cref="LyingDerivedHistory"/>).</remarks>
    public LyingChallenger(IDisputeL1 l1, Func<ulong, L2Block?> blocks, Func<ulong> heldThrough, RollupConfig rollup, Address me, bool requireTransactions = true,
        IDerivedOutputHistory? truth = null)
    {
        (_l1, _blocks, _heldThrough, _rollup, _requireTransactions) = (l1, blocks, heldThrough, rollup, requireTransactions);
        IOutputHistory history = new LyingOutputHistory(blocks, () => Lie, () => _targetBlock, () => _lieHeader);
        if (truth is not null) history = new LyingDerivedHistory(history, truth);
        _agent = new ChallengerAgent(l1, history, heldThrough, rollup, me, output => Lie is not null && output.Index == _target, lying: true);
    }

    /// <summary>The output this challenger pretends (the true one of its target block, state root flipped), or null before it picks one.</summary>
    public OptimisticOutput? Lie { get; private set; }

    /// <summary>One round: pick a target if there is none yet, then play; returns how many transactions it sent.</summary>
    public async Task<int> TickAsync(CancellationToken cancellationToken)
    {
        if (Lie is null || await MissedAsync(cancellationToken)) Lie = await PickAsync(cancellationToken);
        return Lie is null ? 0 : await _agent.TickAsync(cancellationToken);
    }

    /// <summary>The target's window closed before a game was opened on it (a slow round): pick another.</summary>
    private async Task<bool> MissedAsync(CancellationToken cancellationToken)
    {
        var outputs = await _l1.OutputsAsync(cancellationToken);
        if (_target >= (ulong)outputs.Count || outputs[(int)_target].Status is OutputStatus.Proposed or OutputStatus.Disputed) return false;
        return await _l1.GameAsync(_target, cancellationToken) is null;
    }

    private async Task<OptimisticOutput?> PickAsync(CancellationToken cancellationToken)
    {
        var now = await _l1.HeadTimeMsAsync(cancellationToken);
        var outputs = await _l1.OutputsAsync(cancellationToken);
        // One game at a time on the rollup, and none while a wrong output waits for the honest challenger's game: the
        // demo's games follow each other instead of sharing their ranges.
        foreach (var output in outputs)
        {
            if (output.Status == OutputStatus.Disputed) return null;
            if (output.Index > 0 && output.Status == OutputStatus.Proposed && output.L2BlockNumber <= _heldThrough()
                && _blocks(output.L2BlockNumber)?.Header.Output.Root != output.OutputRoot) return null;
        }
        var anchor = 0UL;
        OptimisticOutput? lie = null;
        foreach (var output in outputs)
        {
            if (output.Status == OutputStatus.Finalized) anchor = output.L2BlockNumber;
            if (output.Index == 0 || output.Status != OutputStatus.Proposed || now + MinWindowLeftMs >= output.FinalizesAtMs(_rollup) || output.L2BlockNumber > _heldThrough()) continue;
            if (_blocks(output.L2BlockNumber) is not { } block) continue;
            // The lie starts at the newest block of the range since the anchor that lists a transaction (the output's
            // own block when none is required); every block after it up to the output's is a lie too.
            var first = output.L2BlockNumber;
            while (_requireTransactions && first > anchor && _blocks(first) is { Transactions.Count: 0 }) first--;
            if (first == anchor || _blocks(first) is not { } lied) continue;
            (_target, _targetBlock) = (output.Index, output.L2BlockNumber);
            _lieHeader = lied.Header with { StateRoot = LyingOutputHistory.Flip(lied.Header.Output).StateRoot };
            lie = _lieHeader.Value.Output;
        }
        return lie;
    }

    /// <summary>Time the target must still have in its window: the game has to be opened on L1 within it.</summary>
    private const ulong MinWindowLeftMs = 3_000;
}
