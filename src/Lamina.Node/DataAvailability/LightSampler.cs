using Lamina.Client;
using Lamina.Client.Views;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Nmt;
using Lamina.DataAvailability.Sampling;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// Celestia-style light-node sampling over PeerDAS custody: s positions of the 2k×2k extended square from a
/// cryptographic RNG, fetched concurrently (at most <see cref="MaxConcurrentRequests"/> at once, after asking every DA
/// node its custody at once), each from a DA node whose custody holds its column (asked in random order, the round's
/// first requests spread evenly over the nodes, so load and trust spread over them, and a dead node only costs a retry; a column nobody custodies is asked of every reachable
/// node, since one holding half the columns rebuilds it), and each verified against the data root of a header
/// the caller verified with the light client. The DA nodes' answers about custody and width are only routing hints:
/// a share counts only when its proof, for exactly the position asked, reaches the trusted root. A height the
/// <see cref="BadEncodingVerdicts"/> rejected is reported badly encoded without sampling. Randomness and time are
/// injected (<see cref="SamplingEntropy"/>, <see cref="TimeProvider"/>): a node uses the cryptographic RNG and the
/// system clock, the whole-node simulation a seeded source and virtual time.
/// </summary>
public sealed class LightSampler(IReadOnlyList<IDaShareSource> sources, BadEncodingVerdicts? verdicts = null, SamplingEntropy? entropy = null, TimeProvider? time = null)
{
    private readonly SamplingEntropy _entropy = entropy ?? SamplingEntropy.Cryptographic;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Celestia's default number of samples per header.</summary>
    public const int DefaultSamples = 16;

    /// <summary>
    /// How many requests may be in flight at once (over all DA nodes): the first asks (one da_sample call per DA node,
    /// with every position that node comes first for) and the one-by-one asks of positions they did not prove.
    /// Celestia's light nodes fetch a header's samples concurrently; a bound keeps one round from opening an unbounded
    /// number of connections.
    /// </summary>
    public int MaxConcurrentRequests { get; init; } = DefaultSamples;

    public async Task<SamplingReport> SampleAsync(ulong height, Hash256 trustedDataRoot, int k, int samples = DefaultSamples,
        IProgress<SampleOutcome>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var started = _time.GetTimestamp();
        // A header shown badly encoded stays rejected: no sample can make its data available.
        if (verdicts?.IsRejected(height) == true) return new SamplingReport(height, trustedDataRoot, k, [], 0) { BadlyEncoded = true };
        var width = 2 * k;
        var seed = new byte[32];
        _entropy.Fill(seed);
        var positions = SamplingMath.SamplePositions(seed, k, samples);
        var (holders, reachable) = await HoldersAsync(width, cancellation);
        // Every random draw happens here, in position order, before any request goes out: the round stays a function
        // of the entropy whatever order the answers come back in (the simulation replays a seed exactly).
        var orders = AskingOrders(positions, holders, reachable);
        using var inFlight = new SemaphoreSlim(Math.Max(1, MaxConcurrentRequests));
        var round = new Round(height, trustedDataRoot, k, positions, orders, started, inFlight, progress, new Lock());
        // First asks: one da_sample call per DA node, with every position it comes first for, all nodes at once; a
        // position it does not prove is then asked of its holders one by one, concurrently (FallbackAsync).
        var firstAsks = new List<(IDaShareSource Source, List<int> Indices)>();
        var lonely = new List<int>();
        for (var i = 0; i < positions.Length; i++)
        {
            if (orders[i].Length == 0)
            {
                lonely.Add(i);
                continue;
            }
            var group = firstAsks.FindIndex(g => ReferenceEquals(g.Source, orders[i][0]) && g.Indices.Count < DaRpcMethods.MaxSamplesPerCall);
            if (group < 0) firstAsks.Add((orders[i][0], [i]));
            else firstAsks[group].Indices.Add(i);
        }
        var outcomes = new SampleOutcome[positions.Length];
        var tasks = new List<Task>(firstAsks.Count + lonely.Count);
        foreach (var (source, indices) in firstAsks) tasks.Add(FirstAskAsync(round, source, indices, outcomes, cancellation));
        foreach (var i in lonely) tasks.Add(FallbackAsync(round, i, outcomes, cancellation));
        await Task.WhenAll(tasks);
        var report = new SamplingReport(height, trustedDataRoot, k, outcomes, 0) { Elapsed = _time.GetElapsedTime(started) };
        return report with { Confidence = report.Available ? SamplingMath.Confidence(k, samples) : 0 };
    }

    /// <summary>
    /// For each position, the DA nodes to ask in turn: those whose custody holds its column (or, when none does, every
    /// reachable one: a node holding half the columns rebuilds it), in random order, with the least-asked of them
    /// moved first so that the round's first requests spread evenly over the DA nodes.
    /// </summary>
    private IDaShareSource[][] AskingOrders((int Row, int Column)[] positions, List<IDaShareSource>[] holders, List<IDaShareSource> reachable)
    {
        var load = new Dictionary<IDaShareSource, int>(ReferenceEqualityComparer.Instance);
        var orders = new IDaShareSource[positions.Length][];
        for (var i = 0; i < positions.Length; i++)
        {
            var column = positions[i].Column;
            var order = (holders[column].Count > 0 ? holders[column] : reachable).ToArray();
            _entropy.Shuffle(order.AsSpan());
            var least = 0;
            for (var j = 1; j < order.Length; j++)
            {
                if (load.GetValueOrDefault(order[j]) < load.GetValueOrDefault(order[least])) least = j;
            }
            if (order.Length > 0)
            {
                (order[0], order[least]) = (order[least], order[0]);
                load[order[0]] = load.GetValueOrDefault(order[0]) + 1;
            }
            orders[i] = order;
        }
        return orders;
    }

    /// <summary>One sampling round's fixed inputs, shared by its concurrent requests.</summary>
    private sealed record Round(ulong Height, Hash256 Root, int K, (int Row, int Column)[] Positions, IDaShareSource[][] Orders, long Started,
        SemaphoreSlim InFlight, IProgress<SampleOutcome>? Progress, Lock ProgressGate);

    /// <summary>Asks <paramref name="source"/> for all of <paramref name="indices"/> in one call; what it does not prove falls back to one-by-one asks.</summary>
    private async Task FirstAskAsync(Round round, IDaShareSource source, List<int> indices, SampleOutcome[] outcomes, CancellationToken cancellation)
    {
        var asked = _time.GetTimestamp();
        var wanted = new List<(int Row, int Column)>(indices.Count);
        foreach (var i in indices) wanted.Add(round.Positions[i]);
        IReadOnlyList<DaShareView?>? answers = null;
        await round.InFlight.WaitAsync(cancellation);
        try
        {
            answers = await source.GetSharesAsync(round.Height, wanted, cancellation);
        }
        catch (Exception e) when (e is RpcClientException or RpcException)
        {
            // Down, behind or refusing the whole call: each position goes to its holders one by one, this node among them.
        }
        finally
        {
            round.InFlight.Release();
        }
        var fallbacks = new List<Task>();
        for (var j = 0; j < indices.Count; j++)
        {
            var (row, column) = wanted[j];
            if (answers is { } got && got.Count == wanted.Count && got[j] is { } answer && Proves(answer, round, row, column))
            {
                Report(round, outcomes[indices[j]] = new SampleOutcome(row, column, source.Name, null, _time.GetElapsedTime(asked)));
            }
            else
            {
                fallbacks.Add(FallbackAsync(round, indices[j], outcomes, cancellation));
            }
        }
        await Task.WhenAll(fallbacks);
    }

    private async Task FallbackAsync(Round round, int index, SampleOutcome[] outcomes, CancellationToken cancellation)
    {
        var (row, column) = round.Positions[index];
        SampleOutcome outcome;
        await round.InFlight.WaitAsync(cancellation);
        try
        {
            outcome = await SampleOneAsync(round.Height, round.Root, round.K, row, column, round.Orders[index], round.Started, cancellation);
        }
        finally
        {
            round.InFlight.Release();
        }
        Report(round, outcomes[index] = outcome);
    }

    /// <summary>Reports come in completion order, one at a time, so a progress sink need not be thread-safe.</summary>
    private static void Report(Round round, SampleOutcome outcome)
    {
        if (round.Progress is null) return;
        lock (round.ProgressGate) round.Progress.Report(outcome);
    }

    /// <summary>Whether the answer is the share at exactly (row, column) with a proof reaching the trusted root.</summary>
    private static bool Proves(DaShareView answer, Round round, int row, int column)
    {
        try
        {
            Verify(answer, round.Root, round.K, row, column);
            return true;
        }
        catch (Exception e) when (e is CodecException or InvalidNmtException or InvalidMerkleProofException)
        {
            return false;
        }
    }

    private static void Verify(DaShareView answer, Hash256 root, int k, int row, int column)
    {
        var proof = Canonical.Decode<ColumnShareProof>(answer.Proof);
        if (proof.Row != row || proof.Column != column || proof.OriginalWidth != k) throw new InvalidNmtException(NmtError.MalformedProof, $"the proof is for ({proof.Row}, {proof.Column}) of k = {proof.OriginalWidth}");
        proof.Verify(root, answer.Share);
    }

    /// <summary>For each column, the sources whose custody (as they state it) holds it; all sources are asked at once.</summary>
    private async Task<(List<IDaShareSource>[] Holders, List<IDaShareSource> Reachable)> HoldersAsync(int width, CancellationToken cancellation)
    {
        var reachable = new List<IDaShareSource>();
        var holders = new List<IDaShareSource>[width];
        for (var c = 0; c < width; c++) holders[c] = [];
        var queries = new Task<DaCustodyView>[sources.Count];
        for (var i = 0; i < sources.Count; i++) queries[i] = CustodyOf(sources[i], width, cancellation);
        for (var i = 0; i < sources.Count; i++)
        {
            try
            {
                var custody = await queries[i];
                reachable.Add(sources[i]);
                foreach (var column in custody.Columns)
                {
                    if ((uint)column < (uint)width) holders[column].Add(sources[i]);
                }
            }
            catch (Exception e) when (e is RpcClientException or RpcException)
            {
                // An unreachable DA node holds nothing for this round; the others may cover its columns.
            }
        }
        return (holders, reachable);
    }

    /// <summary>The query as a task even when the source throws at once, so one bad source does not stop the others being asked.</summary>
    private static async Task<DaCustodyView> CustodyOf(IDaShareSource source, int width, CancellationToken cancellation)
        => await source.GetCustodyAsync(width, cancellation);

    /// <summary>
    /// How long one sampling round waits for DA nodes that answer they have not stored the height yet (or have not reached it).
    /// Such an answer says the node is behind, not that data is withheld: DA nodes store a square only once they hold
    /// the committed block and its sidecars, which can come a little after the header a light node follows.
    /// </summary>
    public TimeSpan BehindPatience { get; init; } = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan BehindRetry = TimeSpan.FromMilliseconds(250);

    private async Task<SampleOutcome> SampleOneAsync(ulong height, Hash256 root, int k, int row, int column, IDaShareSource[] order, long roundStarted, CancellationToken cancellation)
    {
        var started = _time.GetTimestamp();
        if (order.Length == 0) return new SampleOutcome(row, column, null, $"no reachable DA node custodies or can rebuild column {column}", _time.GetElapsedTime(started));
        var pending = order;
        var failures = new List<string>();
        while (true)
        {
            var behind = new List<IDaShareSource>();
            foreach (var source in pending)
            {
                try
                {
                    Verify(await source.GetShareAsync(height, row, column, cancellation), root, k, row, column);
                    return new SampleOutcome(row, column, source.Name, null, _time.GetElapsedTime(started));
                }
                catch (RpcException e) when (e.Reason is "notYetStored" or "future")
                {
                    behind.Add(source);
                    if (_time.GetElapsedTime(roundStarted) >= BehindPatience) failures.Add($"{source.Name}: {e.Message} (still behind after {BehindPatience.TotalSeconds:0} s)");
                }
                catch (Exception e) when (e is RpcClientException or RpcException or CodecException or InvalidNmtException or InvalidMerkleProofException)
                {
                    failures.Add($"{source.Name}: {e.Message}");
                }
            }
            if (behind.Count == 0 || _time.GetElapsedTime(roundStarted) >= BehindPatience)
                return new SampleOutcome(row, column, null, string.Join("; ", failures), _time.GetElapsedTime(started));
            // Only nodes that are behind are left to ask: give them a moment to store the height.
            pending = [.. behind];
            await Task.Delay(BehindRetry, _time, cancellation);
        }
    }
}
