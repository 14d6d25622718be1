using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Nmt;
using Lamina.DataAvailability.Sampling;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// Celestia-style light-node sampling over PeerDAS custody: s positions of the 2k×2k extended square from a
/// cryptographic RNG, each fetched from a DA node whose custody holds its column (asked in random order, so load and
/// trust spread over them, and a dead node only costs a retry; a column nobody custodies is asked of every reachable
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
        var outcomes = new List<SampleOutcome>(samples);
        foreach (var (row, column) in positions)
        {
            // Nobody custodies the column: any node holding half the columns can rebuild it, so ask every reachable one.
            var askable = holders[column].Count > 0 ? holders[column] : reachable;
            var outcome = await SampleOneAsync(height, trustedDataRoot, k, row, column, askable, started, cancellation);
            outcomes.Add(outcome);
            progress?.Report(outcome);
        }
        var report = new SamplingReport(height, trustedDataRoot, k, outcomes, 0) { Elapsed = _time.GetElapsedTime(started) };
        return report with { Confidence = report.Available ? SamplingMath.Confidence(k, samples) : 0 };
    }

    /// <summary>For each column, the sources whose custody (as they state it) holds it.</summary>
    private async Task<(List<IDaShareSource>[] Holders, List<IDaShareSource> Reachable)> HoldersAsync(int width, CancellationToken cancellation)
    {
        var reachable = new List<IDaShareSource>();
        var holders = new List<IDaShareSource>[width];
        for (var c = 0; c < width; c++) holders[c] = [];
        foreach (var source in sources)
        {
            try
            {
                var custody = await source.GetCustodyAsync(width, cancellation);
                reachable.Add(source);
                foreach (var column in custody.Columns)
                {
                    if ((uint)column < (uint)width) holders[column].Add(source);
                }
            }
            catch (Exception e) when (e is RpcClientException or RpcException)
            {
                // An unreachable DA node holds nothing for this round; the others may cover its columns.
            }
        }
        return (holders, reachable);
    }

    /// <summary>
    /// How long one sampling round waits for DA nodes that answer they have not stored the height yet (or have not reached it).
    /// Such an answer says the node is behind, not that data is withheld: DA nodes store a square only once they hold
    /// the committed block and its sidecars, which can come a little after the header a light node follows.
    /// </summary>
    public TimeSpan BehindPatience { get; init; } = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan BehindRetry = TimeSpan.FromMilliseconds(250);

    private async Task<SampleOutcome> SampleOneAsync(ulong height, Hash256 root, int k, int row, int column, List<IDaShareSource> holders, long roundStarted, CancellationToken cancellation)
    {
        var started = _time.GetTimestamp();
        if (holders.Count == 0) return new SampleOutcome(row, column, null, $"no reachable DA node custodies or can rebuild column {column}", _time.GetElapsedTime(started));
        var pending = holders.ToArray();
        _entropy.Shuffle(pending.AsSpan());
        var failures = new List<string>();
        while (true)
        {
            var behind = new List<IDaShareSource>();
            foreach (var source in pending)
            {
                try
                {
                    var answer = await source.GetShareAsync(height, row, column, cancellation);
                    var proof = Canonical.Decode<ColumnShareProof>(answer.Proof);
                    if (proof.Row != row || proof.Column != column || proof.OriginalWidth != k) throw new InvalidNmtException(NmtError.MalformedProof, $"the proof is for ({proof.Row}, {proof.Column}) of k = {proof.OriginalWidth}");
                    proof.Verify(root, answer.Share);
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
