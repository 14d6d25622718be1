namespace Lamina.L1.Execution;

/// <summary>Limits every block must respect; fixed in genesis.</summary>
public sealed record ChainParameters(ulong BlockGasLimit, int MaxBlockBytes, ulong InitialBaseFee, ulong MinTipPerGas)
{
    public static readonly ChainParameters Default = new(BlockGasLimit: 30_000_000, MaxBlockBytes: 4 * 1024 * 1024, InitialBaseFee: 1_000, MinTipPerGas: 1);
}
