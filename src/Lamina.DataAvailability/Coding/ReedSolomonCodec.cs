using System.Buffers;
using System.Numerics;

namespace Lamina.DataAvailability.Coding;

/// <summary>
/// A systematic k + k Reed-Solomon code with Leopard's O(n log n) FFT algorithm: GF(2^8) while 2k ≤ 256 shards,
/// GF(2^16) beyond. A codeword is 2k shards laid end to end, the k data shards first, then the k parity shards.
/// Any k of the 2k recover all of them (the code is MDS).
/// </summary>
public sealed class ReedSolomonCodec
{
    /// <summary>Shard sizes are multiples of this (one GF(2^16) block; the vector loops need no tail handling).</summary>
    public const int ShardAlignment = Gf16Kernels.BlockSize;

    /// <summary>The largest k: half of GF(2^16)'s points.</summary>
    public const int MaxDataShards = 1 << 15;

    private readonly LeopardTransform _transform;

    public ReedSolomonCodec(int dataShards, int shardSize, GfIsa isa) : this(dataShards, shardSize, isa, forceWideField: false)
    {
    }

    /// <summary><paramref name="forceWideField"/> runs GF(2^16) even for small k, so tests can exercise it cheaply.</summary>
    internal ReedSolomonCodec(int dataShards, int shardSize, GfIsa isa, bool forceWideField)
    {
        if (dataShards < 1 || dataShards > MaxDataShards || !BitOperations.IsPow2(dataShards))
        {
            throw new ArgumentOutOfRangeException(nameof(dataShards), $"k must be a power of two from 1 to {MaxDataShards}, got {dataShards}");
        }
        if (shardSize <= 0 || shardSize % ShardAlignment != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(shardSize), $"shard size must be a positive multiple of {ShardAlignment}, got {shardSize}");
        }
        DataShards = dataShards;
        ShardSize = shardSize;
        var field = 2 * dataShards <= 256 && !forceWideField ? LeopardField.Gf8 : LeopardField.Gf16;
        _transform = new LeopardTransform(GfKernels.For(field, isa), shardSize);
    }

    public ReedSolomonCodec(int dataShards, int shardSize) : this(dataShards, shardSize, GfIsaSupport.Best)
    {
    }

    public int DataShards { get; }
    public int TotalShards => 2 * DataShards;
    public int ShardSize { get; }
    public GfIsa Isa => _transform.Kernels.Isa;

    /// <summary>8 or 16.</summary>
    public int FieldBits => _transform.Kernels.Field.Bits;

    /// <summary>Computes the k parity shards of k data shards (each buffer k·ShardSize bytes).</summary>
    public void Encode(ReadOnlySpan<byte> data, Span<byte> parity)
    {
        var bytes = DataShards * ShardSize;
        if (data.Length != bytes) throw new ArgumentException($"data must be {bytes} bytes, got {data.Length}", nameof(data));
        if (parity.Length != bytes) throw new ArgumentException($"parity must be {bytes} bytes, got {parity.Length}", nameof(parity));
        // Data sits at the points k..2k−1: interpolate there, then evaluate at 0..k−1 for the parity.
        data.CopyTo(parity);
        _transform.Inverse(parity, DataShards, DataShards, DataShards);
        _transform.Forward(parity, DataShards, DataShards, 0);
    }

    /// <summary>
    /// Fills in every shard of <paramref name="codeword"/> (2k·ShardSize bytes) whose <paramref name="present"/> flag
    /// is false, from those that are present. Throws <see cref="NotEnoughShardsException"/> when fewer than k are.
    /// </summary>
    public void Reconstruct(Span<byte> codeword, ReadOnlySpan<bool> present)
    {
        var k = DataShards;
        if (codeword.Length != TotalShards * ShardSize) throw new ArgumentException($"codeword must be {TotalShards * ShardSize} bytes", nameof(codeword));
        if (present.Length != TotalShards) throw new ArgumentException($"present must have {TotalShards} flags", nameof(present));
        var count = 0;
        foreach (var flag in present) count += flag ? 1 : 0;
        if (count < k) throw new NotEnoughShardsException(count, k);
        if (count == TotalShards) return;

        var field = _transform.Kernels.Field;
        var kernels = _transform.Kernels;
        var n = 2 * k;
        var errorLocations = ArrayPool<int>.Shared.Rent(n);
        var work = ArrayPool<byte>.Shared.Rent(n * ShardSize);
        try
        {
            // Leopard's points: parity at 0..k−1, data at k..2k−1.
            var locator = errorLocations.AsSpan(0, n);
            locator.Clear();
            for (var i = 0; i < n; i++)
            {
                if (!present[i]) locator[PointOf(i)] = 1;
            }
            var erasedBefore = new int[n + 1];
            for (var point = 0; point < n; point++) erasedBefore[point + 1] = erasedBefore[point] + locator[point];
            EvaluateErrorLocator(field, errorLocations, n);

            var workSpan = work.AsSpan(0, n * ShardSize);
            for (var i = 0; i < n; i++)
            {
                var point = _transform.Shard(workSpan, PointOf(i));
                if (present[i]) kernels.Multiply(point, _transform.Shard(codeword, i), errorLocations[PointOf(i)]);
                else point.Clear();
            }
            _transform.Inverse(workSpan, n, n, 0, erasedBefore);
            _transform.FormalDerivative(workSpan, n);
            _transform.Forward(workSpan, n, n, 0, erasedBefore);
            for (var i = 0; i < n; i++)
            {
                if (present[i]) continue;
                var point = PointOf(i);
                kernels.Multiply(_transform.Shard(codeword, i), _transform.Shard(workSpan, point), field.Modulus - errorLocations[point]);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(work);
            ArrayPool<int>.Shared.Return(errorLocations);
        }
    }

    private int PointOf(int shardIndex) => shardIndex < DataShards ? shardIndex + DataShards : shardIndex - DataShards;

    /// <summary>
    /// Turns the 0/1 erasure indicator into the logarithms of the error locator polynomial's values (and of its
    /// derivative at the erasures), as Leopard does with two Walsh-Hadamard transforms over the field, here folded
    /// to transforms of size n (see <see cref="LeopardField.FoldedLogWalsh"/>).
    /// </summary>
    private static void EvaluateErrorLocator(LeopardField field, int[] locations, int n)
    {
        field.WalshHadamard(locations, n, n);
        var folded = field.FoldedLogWalsh(n);
        var modulus = (uint)field.Modulus;
        for (var i = 0; i < n; i++)
        {
            // x mod (2^bits − 1) by folding the high bits onto the low ones: no division in the loop.
            var product = (uint)locations[i] * (uint)folded[i];
            while (product > modulus) product = (product & modulus) + (product >> field.Bits);
            locations[i] = product == modulus ? 0 : (int)product;
        }
        field.WalshHadamard(locations, n, n);
    }
}
