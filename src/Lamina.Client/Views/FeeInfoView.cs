namespace Lamina.Client.Views;

/// <summary>l1_feeInfo: what a sender needs to price a transaction (EIP-1559 base fee of the next block, minimum tip).</summary>
public sealed record FeeInfoView(ulong BaseFeePerGas, ulong MinTipPerGas, ulong TransferGas)
{
    public static FeeInfoView Read(ViewReader r) => new(r.ULong("baseFeePerGas"), r.ULong("minTipPerGas"), r.ULong("transferGas"));
}
