using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.Tests.Derivation;

namespace Lamina.L2.Optimistic.Tests.Agents;

/// <summary>Posts a channel's blobs as the next in-memory L1 block; can be told to fail the next post (a crash mid-post).</summary>
internal sealed class L1Poster(InMemoryRollupL1Source l1) : IBatchPoster
{
    public List<IReadOnlyList<byte[]>> Attempts { get; } = [];
    public bool FailNext { get; set; }

    public Task PostAsync(IReadOnlyList<byte[]> blobs, CancellationToken cancellationToken)
    {
        Attempts.Add(blobs);
        if (FailNext)
        {
            FailNext = false;
            throw new IOException("killed while posting");
        }
        var height = l1.NextHeight;
        l1.Append(new L1BlockData(height, height * RollupHarness.L1BlockMs, [], [], [.. blobs.Select(b => new BatchBlob(RollupHarness.BatcherAddress, b))], []));
        return Task.CompletedTask;
    }
}
