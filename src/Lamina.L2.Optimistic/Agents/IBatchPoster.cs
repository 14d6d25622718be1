namespace Lamina.L2.Optimistic.Agents;

/// <summary>Posts one channel's blobs to L1's DA namespace of the rollup and returns once L1 has them final.</summary>
public interface IBatchPoster
{
    Task PostAsync(IReadOnlyList<byte[]> blobs, CancellationToken cancellationToken);
}
