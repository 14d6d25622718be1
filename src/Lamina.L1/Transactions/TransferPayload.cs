using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.L1.Transactions;

/// <summary>Moves <see cref="Amount"/> from the sender to <see cref="To"/>.</summary>
public sealed class TransferPayload(Address to, UInt128 amount) : TxPayload
{
    /// <summary>The same flat cost as an Ethereum value transfer.</summary>
    public const ulong Gas = 21_000;

    public Address To { get; } = to;
    public UInt128 Amount { get; } = amount;
    public override TxKind Kind => TxKind.Transfer;
    public override ulong IntrinsicGas => Gas;

    public override void EncodeBody(CanonicalWriter writer)
    {
        writer.WriteAddress(To);
        writer.WriteU128(Amount);
    }

    internal static TransferPayload DecodeBody(ref CanonicalReader reader)
        => new(reader.ReadAddress("recipient"), reader.ReadU128("amount"));
}
