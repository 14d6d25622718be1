namespace Lamina.Client.Views;

/// <summary>What an included transaction cost: gas, the price paid per gas, the part burned and the proposer's tip.</summary>
public sealed record ReceiptView(string Status, ulong GasUsed, ulong EffectiveGasPrice, UInt128 Burned, UInt128 Tip)
{
    public static ReceiptView Read(ViewReader r)
        => new(r.String("status"), r.ULong("gasUsed"), r.ULong("effectiveGasPrice"), r.Amount("burned"), r.Amount("tip"));
}
