namespace Lamina.Stark.Field;

/// <summary>
/// Exact-length arrays that the prover hands back when a proof is done, so the next proof reuses them. An operator proves
/// batch after batch of one size: without reuse every proof faults its whole working set in from the OS again (136,000
/// minor faults and about 0.3 s of kernel CPU for a 64-transfer batch, a tenth of the proof), because the runtime returns
/// the previous proof's freed memory to the OS.
/// <para>A rented array's contents are undefined: callers rent only where they write every element before reading
/// (the places that would otherwise call <see cref="GC.AllocateUninitializedArray{T}(int, bool)"/>). An array that is never
/// returned is simply collected. Retention is bounded (<see cref="MaxRetainedBytes"/>); past it, the lengths rented least
/// recently are dropped first, so a prover that changes batch size does not keep the old size's buffers.</para>
/// </summary>
public sealed class BufferPool<T> where T : unmanaged
{
    private readonly object _gate = new();
    private readonly Dictionary<int, Bucket> _buckets = [];
    private long _retainedBytes;
    private long _clock;

    /// <param name="maxRetainedBytes">The most this pool keeps between uses.</param>
    public BufferPool(long maxRetainedBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetainedBytes);
        MaxRetainedBytes = maxRetainedBytes;
    }

    /// <summary>One pool per element type, each keeping at most half the memory available to the process (the Felt pool
    /// holds nearly all of it): a 1,024-transfer batch proof's pooled arrays take about 5 GB, and with a quarter (6 GB on
    /// a 24 GB machine) many were still dropped between proofs.</summary>
    public static BufferPool<T> Shared { get; } = new(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2);

    public long MaxRetainedBytes { get; }

    /// <summary>The bytes held now, waiting to be rented.</summary>
    public long RetainedBytes
    {
        get
        {
            lock (_gate)
            {
                return _retainedBytes;
            }
        }
    }

    /// <summary>An array of exactly <paramref name="length"/> elements with undefined contents.</summary>
    public unsafe T[] Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        lock (_gate)
        {
            _clock++;
            if (_buckets.TryGetValue(length, out Bucket? bucket))
            {
                bucket.LastUse = _clock;
                if (bucket.Arrays.TryPop(out T[]? array))
                {
                    _retainedBytes -= (long)length * sizeof(T);
                    return array;
                }
            }
        }
        return GC.AllocateUninitializedArray<T>(length);
    }

    /// <summary>Gives an array back (null is ignored). The caller must not use it afterwards.</summary>
    public unsafe void Return(T[]? array)
    {
        if (array is null)
        {
            return;
        }
        long bytes = (long)array.Length * sizeof(T);
        lock (_gate)
        {
            if (!_buckets.TryGetValue(array.Length, out Bucket? bucket))
            {
                bucket = new Bucket { LastUse = _clock };
                _buckets.Add(array.Length, bucket);
            }
            bucket.Arrays.Push(array);
            _retainedBytes += bytes;
            while (_retainedBytes > MaxRetainedBytes && EvictLeastRecent())
            {
            }
        }
    }

    /// <summary>Gives back every array of <paramref name="arrays"/> (null entries are ignored).</summary>
    public void Return(T[]?[]? arrays)
    {
        if (arrays is null)
        {
            return;
        }
        foreach (T[]? array in arrays)
        {
            Return(array);
        }
    }

    /// <summary>Drops everything held (for a process that is done proving).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _buckets.Clear();
            _retainedBytes = 0;
        }
    }

    /// <summary>Drops one array of the length rented least recently; false when nothing is held.</summary>
    private unsafe bool EvictLeastRecent()
    {
        int victim = -1;
        long oldest = long.MaxValue;
        // The buckets are few (one per array length a proof uses); a linear scan keeps the choice independent of
        // the dictionary's order when uses tie (the smaller length goes first).
        foreach (KeyValuePair<int, Bucket> entry in _buckets)
        {
            if (entry.Value.Arrays.Count > 0
                && (entry.Value.LastUse < oldest || (entry.Value.LastUse == oldest && entry.Key < victim)))
            {
                (victim, oldest) = (entry.Key, entry.Value.LastUse);
            }
        }
        if (victim < 0)
        {
            return false;
        }
        _buckets[victim].Arrays.Pop();
        _retainedBytes -= (long)victim * sizeof(T);
        return true;
    }

    private sealed class Bucket
    {
        public Stack<T[]> Arrays { get; } = new();

        public long LastUse { get; set; }
    }
}
