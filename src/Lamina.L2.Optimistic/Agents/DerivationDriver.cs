using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// Feeds a <see cref="DerivationPipeline"/> from an <see cref="IRollupL1Source"/>: every finalized L1 block in order
/// (waiting on one whose batch blob is unavailable), then the newest finalized output root. Each L1 block is also
/// handed to <paramref name="onL1Block"/> (a sequencer's inbox), and each new safe block to <paramref name="onSafeBlock"/>.
/// </summary>
public sealed class DerivationDriver(RollupConfig config, IRollupL1Source source, Action<L1BlockData>? onL1Block = null, Action<L2Block>? onSafeBlock = null,
    VerifiedSignatures? verified = null)
{
    private readonly Lock _lock = new();

    public DerivationPipeline Pipeline { get; } = new(config, new PrunableSmtNodeStore(), verified);

    /// <summary>True while the next L1 block has a batch blob the DA layer does not serve.</summary>
    public bool WaitingForData { get; private set; }

    /// <summary>Processes what L1 has finalized since the last call; returns how many L1 blocks were taken.</summary>
    public async Task<int> SyncAsync(CancellationToken cancellationToken)
    {
        var finalized = await source.FinalizedHeightAsync(cancellationToken);
        var taken = 0;
        while (Pipeline.NextL1Height <= finalized)
        {
            var data = await source.GetBlockAsync(Pipeline.NextL1Height, cancellationToken);
            lock (_lock)
            {
                var before = Pipeline.Safe.Number;
                WaitingForData = Pipeline.Process(data) == DerivationStep.BlobUnavailable;
                if (WaitingForData) break;
                onL1Block?.Invoke(data);
                for (var n = before + 1; n <= Pipeline.Safe.Number; n++) onSafeBlock?.Invoke(Pipeline.GetBlock(n)!);
            }
            taken++;
        }
        if (await source.LatestFinalizedOutputAsync(cancellationToken) is { } output)
        {
            lock (_lock) Pipeline.ObserveFinalized(output);
        }
        return taken;
    }

    /// <summary>Runs <paramref name="read"/> under the lock that <see cref="SyncAsync"/> takes to change the pipeline.</summary>
    public T Read<T>(Func<DerivationPipeline, T> read)
    {
        lock (_lock) return read(Pipeline);
    }
}
