using Lamina.Core.Codec;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.Fuzz;

/// <summary>Targets for the optimistic rollup's L2 chain (Lamina.L2.Optimistic) and its channel codec (Lamina.L2).</summary>
public static partial class FuzzTargets
{
    private static void L2BlockHeaderTarget(ReadOnlySpan<byte> input)
    {
        L2BlockHeader header;
        try
        {
            header = L2BlockHeader.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, header.Encode(), nameof(L2BlockHeader));
        _ = header.Hash;
    }

    private static void L2TransactionTarget(ReadOnlySpan<byte> input)
    {
        L2Transaction tx;
        try
        {
            tx = L2Transaction.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, tx.Encode(), nameof(L2Transaction));
    }

    /// <summary>L2Block.Decode checks the body against the header's count and roots; a decoded block re-encodes to its input.</summary>
    private static void L2BlockTarget(ReadOnlySpan<byte> input)
    {
        L2Block block;
        try
        {
            block = L2Block.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, block.Encode(), nameof(L2Block));
    }

    private static void OptimisticChannelPayloadTarget(ReadOnlySpan<byte> input)
    {
        IReadOnlyList<OptimisticBatchBlock> blocks;
        try
        {
            blocks = OptimisticChannelPayload.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, OptimisticChannelPayload.Encode(blocks), nameof(OptimisticChannelPayload));
    }

    /// <summary>A frame decodes and re-encodes to itself; as a one-frame channel it assembles only if its id matches.</summary>
    private static void OptimisticChannelFrameTarget(ReadOnlySpan<byte> input)
    {
        OptimisticChannelFrame frame;
        try
        {
            frame = OptimisticChannelFrame.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, frame.Encode(), nameof(OptimisticChannelFrame));
        try
        {
            var channel = OptimisticChannelFrame.Assemble([frame]);
            _ = OptimisticChannelPayload.Decompress(channel);
        }
        catch (CodecException)
        {
        }
    }
}
