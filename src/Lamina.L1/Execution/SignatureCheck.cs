using Lamina.L1.Transactions;

namespace Lamina.L1.Execution;

/// <summary>Checks a block's signatures across cores, finding the first bad one.</summary>
internal static class SignatureCheck
{
    public static int FirstBad(IReadOnlyList<Transaction> txs)
    {
        if (txs.Count == 0) return -1;
        var bad = int.MaxValue;
        // Static range partitions: one contiguous chunk per core keeps scheduling overhead off the hot path.
        var workers = Math.Min(Environment.ProcessorCount, Math.Max(1, txs.Count / 64));
        var chunk = (txs.Count + workers - 1) / workers;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            var end = Math.Min(txs.Count, (w + 1) * chunk);
            for (var i = w * chunk; i < end; i++)
            {
                if (!txs[i].HasValidSignature())
                {
                    InterlockedMin(ref bad, i);
                    return;
                }
            }
        });
        return bad == int.MaxValue ? -1 : bad;
    }

    private static void InterlockedMin(ref int target, int value)
    {
        int current;
        while (value < (current = Volatile.Read(ref target)))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current) return;
        }
    }
}
