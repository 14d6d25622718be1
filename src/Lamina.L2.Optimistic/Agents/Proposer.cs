namespace Lamina.L2.Optimistic.Agents;

/// <summary>Posts one output root on L1 (with the rollup's bond) and returns once it is final there.</summary>
public interface IOutputPoster
{
    Task PostAsync(OptimisticOutput output, CancellationToken cancellationToken);
}

/// <summary>
/// The proposer (after OP Stack's op-proposer): every interval, it posts the output root of the newest safe L2 block
/// (derived from final L1 data, never the sequencer's unsafe head) if it is newer than the last one posted. The
/// wrong-root fault (tests and demos) posts a root that does not match the state, which every verifier reports; the
/// bad-transition fault (<paramref name="badTransition"/>) posts, once, the output of a faulty execution.
/// </summary>
public sealed class Proposer(IL2Chain chain, IOutputPoster poster, TimeProvider time, TimeSpan interval, bool wrongRoot = false, BadTransitionFault? badTransition = null)
{
    public ulong LastProposed { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>The last failure of the wrong-root fault's defence of its lie (<c>LyingDefender</c>), null when none.</summary>
    public string? DefenceError { get; private set; }

    public void ReportDefenceError(string? error) => DefenceError = error;

    /// <summary>The wrong output this proposer posted (the wrong-root or bad-transition fault), or null.</summary>
    public OptimisticOutput? Lie { get; private set; }

    /// <summary>Starts from what L1 already has (an output for a block at or after this one is not posted again).</summary>
    public void ResumeFrom(ulong lastProposedBlock) => LastProposed = Math.Max(LastProposed, lastProposedBlock);

    /// <summary>Posts the safe head's output when it is new; returns it, or null when there was nothing to post.</summary>
    public async Task<OptimisticOutput?> ProposeAsync(CancellationToken cancellationToken)
    {
        var safe = chain.Heads.Safe;
        if (safe.Number <= LastProposed) return null;
        var output = safe.Output;
        var lying = wrongRoot && Lie is null;
        if (lying) output = LyingOutputHistory.Flip(output);
        // The bad transition strikes in the first range that holds a transaction (until then the outputs are true); a
        // faulty output whose posting failed is posted again.
        if (badTransition is not null && Lie is null && (badTransition.Lie ?? badTransition.Strike(LastProposed, safe.Number)) is { } faulty) (output, lying) = (faulty, true);
        await poster.PostAsync(output, cancellationToken);
        if (lying) Lie = output;
        LastProposed = output.L2BlockNumber;
        return output;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ProposeAsync(cancellationToken);
                LastError = null;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Posting failed (L1 down, bond short): the next round posts the then-newest safe output.
                LastError = e.Message;
            }
            await Task.Delay(interval, time, cancellationToken);
        }
    }
}
