namespace Lamina.DataAvailability.Coding;

/// <summary>
/// The additive FFT and its inverse over shards laid end to end in one buffer (Lin–Chung–Han; the layer order and
/// skew indexing follow Leopard's decimation-in-time formulation). A transform over m points with skew offset o
/// evaluates at the field points o..o+m−1 of the novel basis; the twist factor of the block at r with half-width w
/// is Skew[o + r + w − 1].
/// </summary>
internal sealed class LeopardTransform(GfKernels kernels, int shardSize)
{
    public GfKernels Kernels { get; } = kernels;
    public int ShardSize { get; } = shardSize;

    public Span<byte> Shard(Span<byte> buffer, int index) => buffer.Slice(index * ShardSize, ShardSize);

    /// <summary>Inverse FFT over <paramref name="m"/> shards, only the first <paramref name="nonZeroCount"/> of which may be non-zero.</summary>
    /// <remarks>
    /// With <paramref name="erasedBefore"/> (erasedBefore[i] = erased points below i), blocks made only of erased,
    /// hence zero, points are skipped: butterflies keep zeros zero.
    /// </remarks>
    public void Inverse(Span<byte> work, int m, int nonZeroCount, int skewOffset, int[]? erasedBefore = null)
    {
        var skew = Kernels.Field.Skew;
        for (var width = 1; width < m; width <<= 1)
        {
            var blockSize = width << 1;
            for (var r = 0; r < nonZeroCount; r += blockSize)
            {
                if (erasedBefore is not null && erasedBefore[r + blockSize] - erasedBefore[r] == blockSize) continue;
                var logM = skew[skewOffset + r + width - 1];
                for (var i = r; i < r + width; i++) Kernels.IfftButterfly(Shard(work, i), Shard(work, i + width), logM);
            }
        }
    }

    /// <summary>Forward FFT over <paramref name="m"/> shards; only the first <paramref name="outputCount"/> outputs are needed.</summary>
    /// <remarks>
    /// With <paramref name="erasedBefore"/>, only erased points are wanted: a block holding none is never read again.
    /// </remarks>
    public void Forward(Span<byte> work, int m, int outputCount, int skewOffset, int[]? erasedBefore = null)
    {
        var skew = Kernels.Field.Skew;
        for (var width = m >> 1; width >= 1; width >>= 1)
        {
            var blockSize = width << 1;
            for (var r = 0; r < outputCount; r += blockSize)
            {
                if (erasedBefore is not null && erasedBefore[r + blockSize] == erasedBefore[r]) continue;
                var logM = skew[skewOffset + r + width - 1];
                for (var i = r; i < r + width; i++) Kernels.FftButterfly(Shard(work, i), Shard(work, i + width), logM);
            }
        }
    }

    /// <summary>The formal derivative in the novel basis: shard i−w..i ^= shard i..i+w, w the lowest set bit of i.</summary>
    public void FormalDerivative(Span<byte> work, int n)
    {
        for (var i = 1; i < n; i++)
        {
            var width = ((i ^ (i - 1)) + 1) >> 1;
            Kernels.Xor(work.Slice((i - width) * ShardSize, width * ShardSize), work.Slice(i * ShardSize, width * ShardSize));
        }
    }
}
