using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.L2.Optimistic;

/// <summary>
/// An Ed25519-signed L2 transfer. The signed bytes bind chain id and rollup id so a signature cannot be
/// replayed on another chain or another rollup.
/// </summary>
public sealed record OptimisticTransfer(PublicKey Sender, Address Recipient, ulong Amount, ulong Fee, ulong Nonce, Signature Signature)
{
    public const byte Version = 1;
    private static readonly DomainTag SigningTag = new("lamina/l2/optimistic/transfer");

    public static byte[] SigningBytes(ulong chainId, ulong rollupId, PublicKey sender, Address recipient, ulong amount, ulong fee, ulong nonce)
    {
        var writer = new CanonicalWriter(128);
        writer.WriteRaw(SigningTag.Prefix);
        writer.WriteU64(chainId);
        writer.WriteU64(rollupId);
        writer.WritePublicKey(sender);
        writer.WriteAddress(recipient);
        writer.WriteU64(amount);
        writer.WriteU64(fee);
        writer.WriteU64(nonce);
        return writer.ToArray();
    }

    public static OptimisticTransfer Create(SigningKey key, ulong chainId, ulong rollupId, Address recipient, ulong amount, ulong fee, ulong nonce)
    {
        var signature = key.Sign(SigningBytes(chainId, rollupId, key.PublicKey, recipient, amount, fee, nonce));
        return new OptimisticTransfer(key.PublicKey, recipient, amount, fee, nonce, signature);
    }

    public bool VerifySignature(ulong chainId, ulong rollupId) =>
        Ed25519.Verify(Sender, SigningBytes(chainId, rollupId, Sender, Recipient, Amount, Fee, Nonce), Signature);

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(160);
        writer.WriteU8(Version);
        writer.WritePublicKey(Sender);
        writer.WriteAddress(Recipient);
        writer.WriteU64(Amount);
        writer.WriteU64(Fee);
        writer.WriteU64(Nonce);
        writer.WriteSignature(Signature);
        return writer.ToArray();
    }

    public static OptimisticTransfer Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        reader.ExpectVersion(Version, "optimistic transfer");
        var transfer = new OptimisticTransfer(reader.ReadPublicKey("sender"), reader.ReadAddress("recipient"),
            reader.ReadU64("amount"), reader.ReadU64("fee"), reader.ReadU64("nonce"), reader.ReadSignature("signature"));
        reader.EnsureEnd("optimistic transfer");
        return transfer;
    }
}
