using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.L2.Optimistic;

/// <summary>
/// An Ed25519-signed request to burn L2 funds and release them to an L1 address once an output root that commits to
/// the resulting receipt has finalized. It shares the sender's nonce with transfers, so (sender, nonce) names it uniquely.
/// </summary>
public sealed record OptimisticWithdrawal(PublicKey Sender, Address L1Recipient, ulong Amount, ulong Fee, ulong Nonce, Signature Signature)
{
    public const byte Version = 1;
    public const int EncodedSize = 1 + PublicKey.Size + Address.Size + 24 + Signature.Size;
    private static readonly DomainTag SigningTag = new("lamina/l2/optimistic/withdrawal");

    public static byte[] SigningBytes(ulong chainId, ulong rollupId, PublicKey sender, Address l1Recipient, ulong amount, ulong fee, ulong nonce)
    {
        var writer = new CanonicalWriter(128);
        writer.WriteRaw(SigningTag.Prefix);
        writer.WriteU64(chainId);
        writer.WriteU64(rollupId);
        writer.WritePublicKey(sender);
        writer.WriteAddress(l1Recipient);
        writer.WriteU64(amount);
        writer.WriteU64(fee);
        writer.WriteU64(nonce);
        return writer.ToArray();
    }

    public static OptimisticWithdrawal Create(SigningKey key, ulong chainId, ulong rollupId, Address l1Recipient, ulong amount, ulong fee, ulong nonce)
    {
        var signature = key.Sign(SigningBytes(chainId, rollupId, key.PublicKey, l1Recipient, amount, fee, nonce));
        return new OptimisticWithdrawal(key.PublicKey, l1Recipient, amount, fee, nonce, signature);
    }

    public bool VerifySignature(ulong chainId, ulong rollupId) =>
        Ed25519.Verify(Sender, SigningBytes(chainId, rollupId, Sender, L1Recipient, Amount, Fee, Nonce), Signature);

    /// <summary>The receipt this withdrawal leaves in the state once applied.</summary>
    public OptimisticWithdrawalReceipt Receipt => new(Sender.ToAddress(), L1Recipient, Amount, Nonce);

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(EncodedSize);
        writer.WriteU8(Version);
        writer.WritePublicKey(Sender);
        writer.WriteAddress(L1Recipient);
        writer.WriteU64(Amount);
        writer.WriteU64(Fee);
        writer.WriteU64(Nonce);
        writer.WriteSignature(Signature);
        return writer.ToArray();
    }

    public static OptimisticWithdrawal Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        reader.ExpectVersion(Version, "optimistic withdrawal");
        var withdrawal = new OptimisticWithdrawal(reader.ReadPublicKey("sender"), reader.ReadAddress("l1 recipient"),
            reader.ReadU64("amount"), reader.ReadU64("fee"), reader.ReadU64("nonce"), reader.ReadSignature("signature"));
        reader.EnsureEnd("optimistic withdrawal");
        return withdrawal;
    }
}
