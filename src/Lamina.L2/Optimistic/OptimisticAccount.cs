using Lamina.Core.Codec;

namespace Lamina.L2.Optimistic;

/// <summary>An optimistic-rollup account leaf: balance and next nonce. Encoding: version 1, u64 balance, u64 nonce.</summary>
public readonly record struct OptimisticAccount(ulong Balance, ulong Nonce)
{
    public const byte Version = 1;
    public const int EncodedSize = 17;

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(EncodedSize);
        writer.WriteU8(Version);
        writer.WriteU64(Balance);
        writer.WriteU64(Nonce);
        return writer.ToArray();
    }

    public static OptimisticAccount Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        reader.ExpectVersion(Version, "optimistic account");
        var account = new OptimisticAccount(reader.ReadU64("balance"), reader.ReadU64("nonce"));
        reader.EnsureEnd("optimistic account");
        return account;
    }
}
