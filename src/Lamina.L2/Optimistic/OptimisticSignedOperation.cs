using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.L2.Optimistic;

/// <summary>
/// The envelope every signed optimistic-rollup operation shares: a sender's key moving an amount, paying a fee, at a
/// nonce, to a counterparty address (the L2 recipient of a transfer, the L1 recipient of a withdrawal).
/// Signed bytes: the kind's domain tag ‖ chain id ‖ rollup id ‖ sender ‖ counterparty ‖ amount ‖ fee ‖ nonce, so a
/// signature replays neither on another chain or rollup nor as another kind.
/// Encoding: version 1 ‖ sender ‖ counterparty ‖ amount ‖ fee ‖ nonce ‖ signature (BE u64s), 141 bytes.
/// </summary>
public readonly record struct OptimisticSignedOperation(PublicKey Sender, Address Counterparty, ulong Amount, ulong Fee, ulong Nonce)
{
    public const byte Version = 1;
    public const int EncodedSize = 1 + PublicKey.Size + Address.Size + 24 + Signature.Size;

    public byte[] SigningBytes(DomainTag kind, ulong chainId, ulong rollupId)
    {
        var writer = new CanonicalWriter(128);
        writer.WriteRaw(kind.Prefix);
        writer.WriteU64(chainId);
        writer.WriteU64(rollupId);
        writer.WritePublicKey(Sender);
        writer.WriteAddress(Counterparty);
        writer.WriteU64(Amount);
        writer.WriteU64(Fee);
        writer.WriteU64(Nonce);
        return writer.ToArray();
    }

    public Signature Sign(SigningKey key, DomainTag kind, ulong chainId, ulong rollupId) => key.Sign(SigningBytes(kind, chainId, rollupId));

    public bool Verify(DomainTag kind, ulong chainId, ulong rollupId, Signature signature) =>
        Ed25519.Verify(Sender, SigningBytes(kind, chainId, rollupId), signature);

    public byte[] Encode(Signature signature)
    {
        var writer = new CanonicalWriter(EncodedSize);
        writer.WriteU8(Version);
        writer.WritePublicKey(Sender);
        writer.WriteAddress(Counterparty);
        writer.WriteU64(Amount);
        writer.WriteU64(Fee);
        writer.WriteU64(Nonce);
        writer.WriteSignature(signature);
        return writer.ToArray();
    }

    /// <summary>Decodes an envelope; <paramref name="what"/> and <paramref name="counterparty"/> name the kind in errors.</summary>
    public static (OptimisticSignedOperation Operation, Signature Signature) Decode(ReadOnlySpan<byte> bytes, string what, string counterparty)
    {
        var reader = new CanonicalReader(bytes);
        reader.ExpectVersion(Version, what);
        var operation = new OptimisticSignedOperation(reader.ReadPublicKey("sender"), reader.ReadAddress(counterparty),
            reader.ReadU64("amount"), reader.ReadU64("fee"), reader.ReadU64("nonce"));
        var signature = reader.ReadSignature("signature");
        reader.EnsureEnd(what);
        return (operation, signature);
    }
}
