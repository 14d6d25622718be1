using Lamina.Core.Codec;

namespace Lamina.L1.State;

/// <summary>An account's balance and the nonce its next transaction must carry.</summary>
public readonly record struct Account(UInt128 Balance, ulong Nonce) : ICanonical<Account>
{
    public static readonly Account Empty = new(UInt128.Zero, 0);
    public bool IsEmpty => Balance == UInt128.Zero && Nonce == 0;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU128(Balance);
        writer.WriteU64(Nonce);
    }

    public static Account Decode(ref CanonicalReader reader) => new(reader.ReadU128("balance"), reader.ReadU64("nonce"));
}
