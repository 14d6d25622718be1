using Lamina.Core;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Sampling;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Blocks;
using Lamina.Node.DataAvailability;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// DA nodes and light nodes in the whole-node simulation. Every node runs the da role beside its validator (as on the
/// devnet), and <see cref="LightNodeCount"/> light nodes sample, with the real <see cref="LightSampler"/> over the
/// nodes' real da_* methods, every block with blobs the honest nodes commit and every block the withholding proposer
/// proposed (a header it could show a light node), a little after it appears. The light nodes take their headers from
/// the simulation (the light client's verification is tested on its own) and their randomness from the run's seed.
/// Invariants: a light node that reports a block available at confidence c has every sample verified and c the
/// formula's, and the square is then recoverable, with that data root, from the columns honest DA nodes store; a
/// report of unavailable while every honest DA node is up and could serve every column is a false alarm; a DA node that
/// crashed re-syncs its custody columns after its restart.
/// </summary>
internal sealed partial class NodeSimulation
{
    private const int LightNodeCount = 2;
    private const long SampleLagMs = 400;
    private LightSampler[] _lightNodes = [];
    private readonly HashSet<Hash256> _sampled = []; // lookup only
    private int _reportsAvailable;
    private int _reportsUnavailable;
    private int _withheldReportedUnavailable;
    private int? _crashedDaNode;

    private void StartLightNodes()
    {
        var sources = Nodes.Select(n => (IDaShareSource)new SimDaShareSource(n)).ToArray();
        _lightNodes = new LightSampler[LightNodeCount];
        for (var i = 0; i < LightNodeCount; i++)
        {
            // Behind DA nodes are not waited for: a sample happens in one event, SampleLagMs after the header.
            _lightNodes[i] = new LightSampler(sources, LightVerdicts(i), new SeededEntropy(_rng.Fork()), Clock) { BehindPatience = TimeSpan.Zero };
        }
        if (_da?.CrashDaNode == true)
        {
            // An honest DA node (and validator) goes down for a while after GST and comes back: light nodes sample meanwhile.
            var node = 0;
            var at = Math.Max(_config.GstMs, 1_000) + _rng.NextLong(0, 1_500);
            _crashedDaNode = node;
            Schedule(at, new NodeCrash(node));
            Schedule(at + _rng.NextLong(2_000, 4_000), new NodeRestart(node));
        }
    }

    /// <summary>A header with blobs appeared (committed, or proposed by the withholder): each light node samples it a little later.</summary>
    private void ScheduleSamples(WholeNode from, Block block)
    {
        if (block.Header.DataRoot == Hash256.Zero || !_sampled.Add(block.Hash)) return;
        from.Jobs?.SidecarCache.Hydrate(block);
        var k = SquareWidthOf(block);
        if (k is null) return;
        for (var i = 0; i < _lightNodes.Length; i++)
        {
            var light = i;
            Schedule(Now + SampleLagMs + _rng.NextLong(0, 200), new LightSample(light, block.Height, block.Hash, block.Header.DataRoot, k.Value));
        }
    }

    /// <summary>k of the block's square, from its blob bytes (held by whoever hands the header over), or null if they are not here.</summary>
    private static int? SquareWidthOf(Block block)
    {
        if (BlobSidecars.Of(block) is null) return null;
        return DataSquare.FromBlobs(BlobModule.BlobsOf(block.Transactions)).Width;
    }

    private void Sample(LightSample s)
    {
        Mix(0x6000 | (ulong)s.Light);
        Mix(s.Height);
        CheckEncodingAt(s);
        var task = _lightNodes[s.Light].SampleAsync(s.Height, s.DataRoot, s.K);
        if (!task.IsCompleted)
        {
            _violations.Add($"light node {s.Light}: sampling height {s.Height} did not finish within its event");
            return;
        }
        var report = task.Result;
        Mix((ulong)report.Verified);
        // A proposal the withholder showed is judged by what became of it: committed (its data reached the validators) or not.
        var committed = _committed.TryGetValue(s.Height, out var decided) && decided.Block == s.BlockHash;
        var what = $"light node {s.Light} at {Now} ms, height {s.Height} ({(committed ? "committed" : "uncommitted proposal")} {s.BlockHash})";
        CheckNotBadlyEncoded(s, report, committed);
        if (report.Available)
        {
            _reportsAvailable++;
            var expected = SamplingMath.Confidence(s.K, LightSampler.DefaultSamples);
            if (report.Confidence != expected || report.Verified != LightSampler.DefaultSamples) _violations.Add($"confidence: {what} reported {report.Confidence} with {report.Verified} verified samples, expected {expected}");
            if (RecoverFromHonestDaNodes(s.Height, s.DataRoot, s.K) is { } why) _violations.Add($"confidence: {what} reported the block available at {report.Confidence:P2}, but {why}");
            return;
        }
        _reportsUnavailable++;
        if (report.Confidence != 0) _violations.Add($"confidence: {what} reported unavailable with confidence {report.Confidence}");
        if (!committed)
        {
            _withheldReportedUnavailable++;
            return;
        }
        if (EveryColumnServable(s.Height, s.DataRoot, s.K)) _violations.Add($"false alarm: {what} reported unavailable while every honest DA node was up and could serve every column: {report.Samples.First(o => !o.Verified).Failure}");
    }

    /// <summary>
    /// Null when the columns honest DA nodes store (down ones too: their stores survive) rebuild the square with the
    /// trusted root; otherwise why not.
    /// </summary>
    private string? RecoverFromHonestDaNodes(ulong height, Hash256 root, int k)
    {
        var width = 2 * k;
        var bytes = new byte[width * width * Share.Size];
        var present = new bool[width * width];
        var held = 0;
        Lamina.DataAvailability.DataAvailabilityHeader? header = null;
        foreach (var n in Nodes)
        {
            if (!n.Honest) continue;
            var store = new DaStore(n.Store);
            if (store.GetSquare(height) is not { } record || record.Header.DataRoot != root) continue;
            header = record.Header;
            foreach (var column in store.HeldColumns(height))
            {
                if (present[column]) continue;
                var shares = store.GetColumn(height, column)!;
                for (var row = 0; row < width; row++)
                {
                    shares.AsSpan(row * Share.Size, Share.Size).CopyTo(bytes.AsSpan(((row * width) + column) * Share.Size));
                    present[(row * width) + column] = true;
                }
                held++;
            }
        }
        if (header is null) return "no honest DA node stores a square with that data root";
        if (held < k) return $"honest DA nodes hold only {held} of its {width} columns";
        try
        {
            SquareRepair.Repair(k, bytes, present, GfIsaSupport.Best, header, parallelism: 1);
            return null;
        }
        catch (Exception e) when (e is UnrecoverableSquareException or BadEncodingException)
        {
            return $"the honest DA nodes' columns do not rebuild it: {e.Message}";
        }
    }

    /// <summary>Every honest DA node is up and stores the square, and each column is held by one of them or rebuildable by one (it holds k).</summary>
    private bool EveryColumnServable(ulong height, Hash256 root, int k)
    {
        var width = 2 * k;
        var servable = new bool[width];
        foreach (var n in Nodes)
        {
            if (!n.Honest) continue;
            if (!n.Up || n.Da is not { } da || da.Store.GetSquare(height) is not { } record || record.Header.DataRoot != root) return false;
            var held = da.Store.HeldColumns(height);
            if (held.Count >= k) return true;
            foreach (var c in held) servable[c] = true;
        }
        return servable.All(x => x);
    }

    /// <summary>At the end: the DA node that crashed re-synced, and every up honest DA node holds exactly its custody columns of every block with blobs it processed.</summary>
    private void CheckDaStores()
    {
        foreach (var n in Nodes)
        {
            if (!n.Honest || !n.Up || n.Da is not { } da || n.Chain is not { } chain) continue;
            var processed = da.Keeper.ProcessedHeight;
            if (n.Index == _crashedDaNode && n.Incarnation > 1 && processed < da.StartHeight)
                _violations.Add($"re-sync: DA node {n.Index} restarted at height {da.StartHeight} but processed only up to {processed}");
            for (var h = da.Keeper.WindowStart(processed); h <= processed && h <= chain.Height; h++)
            {
                if (h == 0 || chain.Store.GetBlock(h) is not { } block || block.Header.DataRoot == Hash256.Zero) continue;
                if (da.Store.GetSquare(h) is not { } record)
                {
                    _violations.Add($"re-sync: DA node {n.Index} holds no square for height {h} (processed up to {processed})");
                    continue;
                }
                var expected = da.Custody.Columns(record.Header.Width);
                if (!da.Store.HeldColumns(h).SequenceEqual(expected)) _violations.Add($"custody: DA node {n.Index} holds columns [{string.Join(",", da.Store.HeldColumns(h))}] of height {h}, its custody is [{string.Join(",", expected)}]");
            }
        }
    }

    private string DescribeSampling()
        => $"light: {_reportsAvailable} reports available, {_reportsUnavailable} unavailable ({_withheldReportedUnavailable} of them uncommitted proposals)" +
           (_crashedDaNode is { } c ? $"; DA node {c} crashed and restarted" : "") + "; " + DescribeEncoding();

    /// <summary>The light nodes' randomness, drawn from the run's seed so a failing seed replays exactly.</summary>
    private sealed class SeededEntropy(SplitMix64 rng) : SamplingEntropy
    {
        public override void Fill(Span<byte> destination)
        {
            for (var i = 0; i < destination.Length; i++) destination[i] = (byte)rng.NextU64();
        }
    }
}

/// <summary>A light node samples a header (committed, or a withholder's proposal) at this moment.</summary>
internal sealed record LightSample(int Light, ulong Height, Hash256 BlockHash, Hash256 DataRoot, int K) : NodeEvent;
