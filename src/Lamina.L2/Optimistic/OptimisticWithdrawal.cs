using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.L2.Optimistic;

/// <summary>
/// An Ed25519-signed request to burn L2 funds and release them to an L1 address once an output root that commits to
/// the resulting receipt has finalized: the <see cref="OptimisticSignedOperation"/> envelope with its own signing tag.
/// It shares the sender's nonce with transfers, so (sender, nonce) names it uniquely.
/// </summary>
public sealed record OptimisticWithdrawal(PublicKey Sender, Address L1Recipient, ulong Amount, ulong Fee, ulong Nonce, Signature Signature)
{
    public const byte Version = OptimisticSignedOperation.Version;
    public const int EncodedSize = OptimisticSignedOperation.EncodedSize;
    private static readonly DomainTag SigningTag = new("lamina/l2/optimistic/withdrawal");

    private OptimisticSignedOperation Operation => new(Sender, L1Recipient, Amount, Fee, Nonce);

    public static byte[] SigningBytes(ulong chainId, ulong rollupId, PublicKey sender, Address l1Recipient, ulong amount, ulong fee, ulong nonce) =>
        new OptimisticSignedOperation(sender, l1Recipient, amount, fee, nonce).SigningBytes(SigningTag, chainId, rollupId);

    public static OptimisticWithdrawal Create(SigningKey key, ulong chainId, ulong rollupId, Address l1Recipient, ulong amount, ulong fee, ulong nonce) =>
        new(key.PublicKey, l1Recipient, amount, fee, nonce,
            new OptimisticSignedOperation(key.PublicKey, l1Recipient, amount, fee, nonce).Sign(key, SigningTag, chainId, rollupId));

    public bool VerifySignature(ulong chainId, ulong rollupId) => Operation.Verify(SigningTag, chainId, rollupId, Signature);

    /// <summary>The receipt this withdrawal leaves in the state once applied.</summary>
    public OptimisticWithdrawalReceipt Receipt => new(Sender.ToAddress(), L1Recipient, Amount, Nonce);

    public byte[] Encode() => Operation.Encode(Signature);

    public static OptimisticWithdrawal Decode(ReadOnlySpan<byte> bytes)
    {
        var (op, signature) = OptimisticSignedOperation.Decode(bytes, "optimistic withdrawal", "l1 recipient");
        return new OptimisticWithdrawal(op.Sender, op.Counterparty, op.Amount, op.Fee, op.Nonce, signature);
    }
}
