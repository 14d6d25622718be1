using System.Text;
using Lamina.Consensus;

namespace Lamina.Simulation.Tests;

/// <summary>
/// What both simulations keep the same way, written once: the event queue ordered by (time, sequence), the seeded
/// PRNG, the trace hash, the violations, the run loop with its hard deadline (GST + liveness bound), the liveness
/// target, the no-timer-pending watchdog and the result. <see cref="SimulationRun"/> (consensus state machines
/// alone) and <c>Nodes/NodeSimulation</c> (whole nodes) differ only in what their events do.
/// </summary>
/// <typeparam name="TEvent">The simulation's event type.</typeparam>
internal sealed class RunLedger<TEvent>(SimulationConfig config, ulong seed, Func<TEvent, bool> isPeriodic)
{
    private readonly PriorityQueue<TEvent, (long Time, long Seq)> _queue = new();
    private long _seq;
    private long _pendingNonPeriodic; // events in the queue other than periodic ticks (re-sends, polls, the client)
    private (string Fingerprint, long Since)? _quiet;

    public SimulationConfig Config { get; } = config;
    public ulong Seed { get; } = seed;
    public SplitMix64 Rng { get; } = new(seed);
    public long Now { get; private set; }
    public List<string> Violations { get; } = [];
    public List<long> CommitLatenciesMs { get; } = [];
    public ulong Trace { get; private set; } = 0xcbf29ce484222325UL;
    public long Events { get; private set; }
    public int MaxRound { get; private set; }

    /// <summary>The lowest honest height when GST came (or when the run ended before it).</summary>
    public ulong? HeightAtGst { get; private set; }

    /// <summary>When the lowest honest height first reached <see cref="LivenessTarget"/> after GST.</summary>
    public long? LivenessReachedAt { get; private set; }

    /// <summary>Whether the watchdog ended the run.</summary>
    public bool Stalled { get; private set; }

    public ulong LivenessTarget => Math.Max((ulong)Config.TargetHeight, (HeightAtGst ?? 0) + (ulong)Config.TargetHeight / 2);

    public void Schedule(long at, TEvent ev)
    {
        if (!isPeriodic(ev)) _pendingNonPeriodic++;
        _queue.Enqueue(ev, (at, _seq++));
    }

    /// <summary>Folds <paramref name="x"/> into the trace hash (FNV-style), so equal hashes mean identical runs.</summary>
    public void Mix(ulong x)
    {
        unchecked
        {
            Trace ^= x;
            Trace *= 0x100000001b3UL;
            Trace ^= Trace >> 29;
        }
    }

    public void ObserveRound(int round) => MaxRound = Math.Max(MaxRound, round);

    /// <summary>
    /// Runs events in order until <paramref name="finished"/> says so, the queue runs dry, or the hard deadline
    /// (GST + liveness bound) passes.
    /// </summary>
    public void Run(Func<ulong> minHonestHeight, Action<TEvent> dispatch, Func<bool> finished)
    {
        var hardDeadline = Config.GstMs + Config.LivenessBoundMs;
        while (_queue.TryDequeue(out var ev, out var at))
        {
            Now = at.Time;
            if (HeightAtGst is null && Now >= Config.GstMs) HeightAtGst = minHonestHeight();
            if (Now > hardDeadline) break;
            Events++;
            if (!isPeriodic(ev)) _pendingNonPeriodic--;
            dispatch(ev);
            if (finished()) break;
        }
        HeightAtGst ??= minHonestHeight();
    }

    /// <summary>After GST, whether the lowest honest height has reached the target (remembering when it first did).</summary>
    public bool LivenessReached(ulong minHonestHeight)
    {
        if (Now < Config.GstMs || HeightAtGst is null) return false;
        if (LivenessReachedAt is null)
        {
            if (minHonestHeight < LivenessTarget) return false;
            LivenessReachedAt = Now;
        }
        return true;
    }

    /// <summary>
    /// The liveness watchdog. After GST, a moment when nothing but periodic ticks is queued (no timer, no message in
    /// flight, no fault to come) is quiet. If two quiet moments find every honest node in the same state
    /// (<paramref name="fingerprint"/>), and every honest node re-sent its messages in between
    /// (<paramref name="everyNodeResentSince"/>), nothing moved: the next re-send would be the same messages, so the
    /// run is stuck for good. It is reported at once, with the seed in the result, instead of at the liveness bound.
    /// </summary>
    public bool CheckStall(Func<string> fingerprint, Func<long, bool> everyNodeResentSince, Func<ulong> minHonestHeight)
    {
        if (Now < Config.GstMs || _pendingNonPeriodic > 0 || LivenessReachedAt is not null) return false;
        var now = fingerprint();
        if (_quiet is not { } quiet || quiet.Fingerprint != now)
        {
            _quiet = (now, Now);
            return false;
        }
        if (!everyNodeResentSince(quiet.Since)) return false;
        Violations.Add($"stalled: no timer pending at {Now} ms; lowest honest height {minHonestHeight()}, unchanged since {quiet.Since} ms");
        Stalled = true;
        return true;
    }

    /// <summary>At the end: a run that never reached the target (and was not already reported as stalled) failed liveness.</summary>
    public void CheckLiveness(ulong minHonestHeight)
    {
        if (LivenessReachedAt is null && !Stalled)
        {
            Violations.Add($"liveness: lowest honest height {minHonestHeight} at {Now} ms, needed {LivenessTarget} by GST {Config.GstMs} + {Config.LivenessBoundMs} ms");
        }
    }

    /// <summary>One honest node's consensus state, as the watchdog compares it.</summary>
    public static void AppendFingerprint(StringBuilder sb, int index, ulong chainHeight, TendermintStateMachine m)
    {
        sb.Append(index).Append(':').Append(chainHeight).Append('/').Append(m.Height).Append('/').Append(m.Round).Append('/').Append(m.Step)
          .Append('/').Append(m.LockedRound).Append('/').Append(m.ValidRound);
        if (m.Votes is { } votes) sb.Append('/').Append(votes.Prevotes(m.Round).TotalVotedPower).Append('/').Append(votes.Precommits(m.Round).TotalVotedPower);
        sb.Append(';');
    }

    public SimulationResult Result(ulong minHonestHeight, int equivocations, int detected, int slashed, IReadOnlyList<string> nodeStates) => new()
    {
        Config = Config,
        Seed = Seed,
        Violations = Violations,
        TraceHash = Trace,
        VirtualTimeMs = Now,
        MinHonestHeight = (long)minHonestHeight,
        Events = Events,
        Equivocations = equivocations,
        EquivocationsDetected = detected,
        Slashed = slashed,
        CommitLatenciesMs = CommitLatenciesMs,
        MaxRound = MaxRound,
        NodeStates = nodeStates,
    };
}
