using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.L1.Execution;

/// <summary>What a transaction did once included: where it is, the gas it used and where its fee went.</summary>
public sealed record Receipt(Hash256 TxHash, ulong Height, uint Index, ulong GasUsed, ulong EffectiveGasPrice, UInt128 Burned, UInt128 Tip)
    : ICanonical<Receipt>
{
    public void Encode(CanonicalWriter w)
    {
        w.WriteHash(TxHash);
        w.WriteU64(Height);
        w.WriteU32(Index);
        w.WriteU64(GasUsed);
        w.WriteU64(EffectiveGasPrice);
        w.WriteU128(Burned);
        w.WriteU128(Tip);
    }

    public static Receipt Decode(ref CanonicalReader r)
        => new(r.ReadHash("tx hash"), r.ReadU64("height"), r.ReadU32("index"), r.ReadU64("gas used"), r.ReadU64("gas price"), r.ReadU128("burned"), r.ReadU128("tip"));
}
