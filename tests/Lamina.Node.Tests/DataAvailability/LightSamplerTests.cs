using System.Text.Json.Nodes;
using Lamina.Client.Views;
using Lamina.Core;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Sampling;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Chain;
using Lamina.Node.DataAvailability;
using Lamina.Node.Rpc;

namespace Lamina.Node.Tests.DataAvailability;

/// <summary>
/// Light-node sampling over DA nodes (in process, through their real da_* methods): 16 samples from 4 DA nodes that
/// together hold every column all verify against the header's data root and give the theoretical confidence; a DA
/// node that serves a forged share is caught by the proof and another holder is asked; columns nobody holds make
/// the block unavailable; and a root other than the header's (an untrusted one) verifies nothing.
/// </summary>
public sealed class LightSamplerTests : IDisposable
{
    private const string ChainId = "lamina-sampling-test";
    private readonly DaChainFixture _da = new(ChainId, senderSeed: 2, TimeProvider.System, BlobParameters.Default);
    private readonly Blockchain _chain;

    public LightSamplerTests()
    {
        _chain = _da.Chain;
        _da.BlockWithBlobs(blobs: 2, size: 3_000, step: 5); // 2 × 7 shares: a 4-wide square, 8 columns extended
    }

    public void Dispose() => _da.Dispose();

    private InProcessSource DaNode(byte id, int groups, bool forge = false)
    {
        var (store, custody, keeper, rpc) = _da.DaNode(id, groups);
        keeper.CatchUp(_chain.Height);
        return new InProcessSource($"da-{id}", rpc, forge);
    }

    [Fact]
    public async Task Sixteen_samples_across_DA_nodes_verify_and_give_the_theoretical_confidence()
    {
        var sources = Enumerable.Range(1, 4).Select(i => DaNode((byte)i, groups: 128)).ToList();
        var header = _chain.Head.Header;
        var seen = new List<SampleOutcome>();
        var report = await new LightSampler(sources).SampleAsync(1, header.DataRoot, 4, 16, new SyncProgress(seen.Add));
        Assert.True(report.Available, string.Join("; ", report.Samples.Select(s => s.Failure)));
        Assert.Equal(16, report.Verified);
        Assert.Equal(16, seen.Count);
        Assert.Equal(SamplingMath.Confidence(4, 16), report.Confidence, 12);
        Assert.True(report.Confidence > 0.99);
        // Spread: with every node holding every column, samples land on more than one node.
        Assert.True(report.Samples.Select(s => s.Source).Distinct().Count() > 1);
    }

    [Fact]
    public async Task A_forged_share_is_caught_and_another_holder_serves_the_sample()
    {
        var sources = new List<IDaShareSource> { DaNode(1, groups: 128, forge: true), DaNode(2, groups: 128) };
        var report = await new LightSampler(sources).SampleAsync(1, _chain.Head.Header.DataRoot, 4, 16);
        Assert.True(report.Available);
        Assert.All(report.Samples, s => Assert.Equal("da-2", s.Source));

        var forgerOnly = await new LightSampler([DaNode(1, groups: 128, forge: true)]).SampleAsync(1, _chain.Head.Header.DataRoot, 4, 4);
        Assert.False(forgerOnly.Available);
        Assert.Equal(0, forgerOnly.Confidence);
    }

    [Fact]
    public async Task Columns_nobody_custodies_or_an_untrusted_root_make_the_block_unavailable()
    {
        // One node of 4 groups holds at most 4 of the 8 columns: some of 16 samples almost surely miss it
        // (the chance all 16 land on its columns is at most 2^-16).
        var sparse = await new LightSampler([DaNode(9, groups: 1)]).SampleAsync(1, _chain.Head.Header.DataRoot, 4, 16);
        Assert.False(sparse.Available);
        Assert.Contains(sparse.Samples, s => s.Failure is { } f && f.Contains("too few columns to rebuild", StringComparison.Ordinal));

        var wrongRoot = await new LightSampler([DaNode(1, groups: 128)]).SampleAsync(1, new Hash256(Enumerable.Repeat((byte)7, 32).ToArray()), 4, 4);
        Assert.Equal(0, wrongRoot.Verified);
    }

    [Fact]
    public async Task A_valid_bad_encoding_proof_rejects_the_header_and_an_honest_square_is_never_shown_bad()
    {
        var verdicts = new BadEncodingVerdicts();
        var honestBlock = _chain.Head.Header;
        // The honest square: a proof about any of its axes shows nothing.
        var blobs = BlobModule.BlobsOf(_chain.Head.Transactions);
        var honest = ExtendedSquare.Extend(DataSquare.FromBlobs(blobs), GfIsa.Scalar);
        var honestRoots = honest.ComputeHeader();
        for (var axis = 0; axis < honest.Width; axis++)
        {
            var proof = BadEncodingProof.Create(honest, honestBlock.Hash, honestBlock.Height, Axis.Row, axis);
            Assert.Equal(BadEncodingError.AxisCorrectlyEncoded, Assert.Throws<InvalidBadEncodingProofException>(() => verdicts.Accept(proof, honestBlock, honestRoots)).Error);
        }
        Assert.False(verdicts.IsRejected(honestBlock.Height));

        // A producer that corrupted one parity share and committed to the result: the header carries that root.
        var bytes = honest.Bytes.ToArray();
        bytes[((1 * honest.Width) + 6) * Share.Size + 100] ^= 0x5A;
        var corrupted = SquareRepair.Repair(honest.OriginalWidth, bytes, Enumerable.Repeat(true, honest.Width * honest.Width).ToArray(), GfIsa.Scalar);
        var corruptedRoots = corrupted.ComputeHeader();
        var badBlock = honestBlock with { DataRoot = corruptedRoots.DataRoot };
        var fraud = BadEncodingDetector.Find(corrupted, badBlock.Hash, badBlock.Height)!;
        Assert.Equal(BadEncodingError.WrongHeader, Assert.Throws<InvalidBadEncodingProofException>(() => verdicts.Accept(fraud, honestBlock, corruptedRoots)).Error);
        Assert.Equal(BadEncodingError.WrongHeader, Assert.Throws<InvalidBadEncodingProofException>(() => verdicts.Accept(fraud, badBlock, honestRoots)).Error);
        verdicts.Accept(fraud, badBlock, corruptedRoots);
        Assert.True(verdicts.IsRejected(badBlock.Height));

        var report = await new LightSampler([DaNode(1, groups: 128)], verdicts).SampleAsync(badBlock.Height, badBlock.DataRoot, honest.OriginalWidth, 16);
        Assert.True(report.BadlyEncoded);
        Assert.False(report.Available);
        Assert.Equal(0, report.Confidence);
    }

    [Fact]
    public async Task A_DA_node_that_has_not_stored_the_height_yet_is_asked_again_within_the_patience_and_not_counted_as_withholding()
    {
        // Behind for its first 5 answers (as a DA node still fetching the block's sidecars answers), then serving.
        var behind = new BehindSource(DaNode(1, groups: 128), behindAnswers: 5);
        var report = await new LightSampler([behind]).SampleAsync(1, _chain.Head.Header.DataRoot, 4, 16);
        Assert.True(report.Available, string.Join("; ", report.Samples.Select(s => s.Failure)));
        Assert.Equal(16, report.Verified);

        // A node that never catches up: the round gives up once its patience is spent and reports why.
        var never = new BehindSource(DaNode(2, groups: 128), behindAnswers: int.MaxValue);
        var stuck = await new LightSampler([never]) { BehindPatience = TimeSpan.FromMilliseconds(600) }.SampleAsync(1, _chain.Head.Header.DataRoot, 4, 4);
        Assert.False(stuck.Available);
        Assert.All(stuck.Samples, s => Assert.Contains("still behind", s.Failure, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_DA_node_is_asked_at_once_in_one_batched_call_and_each_sample_is_still_verified()
    {
        // Each node's batched call waits until all four are in flight: the round only finishes if they are concurrent.
        var allAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = 0;
        var calls = 0;
        var sources = Enumerable.Range(1, 4).Select(i => (IDaShareSource)new GatedSource(DaNode((byte)i, groups: 128), () =>
        {
            Interlocked.Increment(ref calls);
            if (Interlocked.Increment(ref inFlight) == 4) allAsked.TrySetResult();
            return allAsked.Task;
        })).ToList();
        var seen = new List<SampleOutcome>();
        var round = new LightSampler(sources).SampleAsync(1, _chain.Head.Header.DataRoot, 4, 16, new SyncProgress(seen.Add));
        Assert.Same(round, await Task.WhenAny(round, Task.Delay(TimeSpan.FromSeconds(60))));
        var report = await round;
        Assert.True(report.Available, string.Join("; ", report.Samples.Select(s => s.Failure)));
        Assert.Equal(4, calls); // one da_sample call per DA node, none one by one
        Assert.Equal(16, seen.Count);
        // Spread evenly: 16 first asks over 4 nodes holding every column, 4 each.
        Assert.All(report.Samples.GroupBy(s => s.Source), g => Assert.Equal(4, g.Count()));

        // A node that answers a forged share in its batch: that sample alone goes to another holder, one by one.
        var forger = DaNode(9, groups: 128, forge: true);
        var honest = DaNode(10, groups: 128);
        var mixed = await new LightSampler([forger, honest]).SampleAsync(1, _chain.Head.Header.DataRoot, 4, 16);
        Assert.True(mixed.Available);
        Assert.All(mixed.Samples, s => Assert.Equal("da-10", s.Source));
    }

    /// <summary>A source whose batched call waits on a gate before answering.</summary>
    private sealed class GatedSource(IDaShareSource inner, Func<Task> gate) : IDaShareSource
    {
        public string Name => inner.Name;

        public Task<DaCustodyView> GetCustodyAsync(int width, CancellationToken cancellation) => inner.GetCustodyAsync(width, cancellation);

        public Task<DaShareView> GetShareAsync(ulong height, int row, int column, CancellationToken cancellation) => inner.GetShareAsync(height, row, column, cancellation);

        public async Task<IReadOnlyList<DaShareView?>> GetSharesAsync(ulong height, IReadOnlyList<(int Row, int Column)> positions, CancellationToken cancellation)
        {
            await gate();
            var answers = new List<DaShareView?>();
            foreach (var (row, column) in positions) answers.Add(await inner.GetShareAsync(height, row, column, cancellation));
            return answers;
        }
    }

    /// <summary>Answers "notYetStored" (what da_getShare says before the square is stored) a number of times, then serves.</summary>
    private sealed class BehindSource(IDaShareSource inner, int behindAnswers) : IDaShareSource
    {
        private int _left = behindAnswers;

        public string Name => inner.Name;

        public Task<DaCustodyView> GetCustodyAsync(int width, CancellationToken cancellation) => inner.GetCustodyAsync(width, cancellation);

        public Task<DaShareView> GetShareAsync(ulong height, int row, int column, CancellationToken cancellation)
        {
            if (_left > 0)
            {
                _left--;
                throw new Lamina.Client.RpcException(-32001, $"the square of height {height} is not stored here yet", new JsonObject { ["reason"] = "notYetStored" });
            }
            return inner.GetShareAsync(height, row, column, cancellation);
        }
    }

    /// <summary>A DA node reached without HTTP: its real da_* methods, answers read by the client's views.</summary>
    private sealed class InProcessSource(string name, DaRpcMethods rpc, bool forge) : IDaShareSource
    {
        private static readonly Uri Endpoint = new("http://in-process/rpc");

        // Through text, as an answer reaches a client over HTTP.
        private static JsonNode? Wire(JsonNode? answer) => JsonNode.Parse(answer!.ToJsonString());

        public string Name => name;

        public Task<DaCustodyView> GetCustodyAsync(int width, CancellationToken cancellation)
            => Task.FromResult(DaCustodyView.Read(ViewReader.Of(Wire(rpc.Invoke("da_custody", new RpcParams(JsonNode.Parse($"[null, {width}]")))), "da_custody", Endpoint)));

        public Task<DaShareView> GetShareAsync(ulong height, int row, int column, CancellationToken cancellation)
        {
            var view = DaShareView.Read(ViewReader.Of(Wire(rpc.Invoke("da_getShare", new RpcParams(JsonNode.Parse($"[{height}, {row}, {column}]")))), "da_getShare", Endpoint));
            if (forge) view.Share[200] ^= 0x01;
            return Task.FromResult(view);
        }
    }

    private sealed class SyncProgress(Action<SampleOutcome> report) : IProgress<SampleOutcome>
    {
        public void Report(SampleOutcome value) => report(value);
    }
}
