using Lamina.Core.Codec;
using Lamina.L2.Optimistic;

namespace Lamina.Fuzz;

/// <summary>Targets for the optimistic rollup's decoders (Lamina.L2.Optimistic).</summary>
public static partial class FuzzTargets
{
    /// <summary>OptimisticTransfer.Decode + re-encode; the signature check must not throw on any decoded transfer.</summary>
    private static void OptimisticTransferTarget(ReadOnlySpan<byte> input)
    {
        OptimisticTransfer transfer;
        try
        {
            transfer = OptimisticTransfer.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, transfer.Encode(), nameof(OptimisticTransfer));
        _ = transfer.VerifySignature(1, 1);
    }

    /// <summary>OptimisticAccount.Decode + re-encode.</summary>
    private static void OptimisticAccountTarget(ReadOnlySpan<byte> input)
    {
        OptimisticAccount account;
        try
        {
            account = OptimisticAccount.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, account.Encode(), nameof(OptimisticAccount));
    }
}
