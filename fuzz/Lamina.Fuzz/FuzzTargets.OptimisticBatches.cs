using Lamina.Core.Codec;
using Lamina.L2.Optimistic;

namespace Lamina.Fuzz;

/// <summary>Targets for the optimistic rollup's batch codec (canonical payload and Brotli frame).</summary>
public static partial class FuzzTargets
{
    /// <summary>OptimisticBatchPayload.Decode + re-encode: a decoded payload is the only encoding of its items.</summary>
    private static void OptimisticBatchPayloadTarget(ReadOnlySpan<byte> input)
    {
        IReadOnlyList<OptimisticBatchItem> items;
        try
        {
            items = OptimisticBatchPayload.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, OptimisticBatchPayload.Encode(items), "OptimisticBatchPayload");
    }

    /// <summary>OptimisticBatchFrame.Decode (decompression capped at the declared size) + payload round trip.</summary>
    private static void OptimisticBatchFrameTarget(ReadOnlySpan<byte> input)
    {
        IReadOnlyList<OptimisticBatchItem> items;
        try
        {
            items = OptimisticBatchFrame.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        var again = OptimisticBatchFrame.Decode(OptimisticBatchFrame.Encode(items));
        if (again.Count != items.Count) throw new InvalidOperationException("batch frame does not round-trip");
    }
}
