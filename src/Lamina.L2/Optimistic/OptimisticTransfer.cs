using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.L2.Optimistic;

/// <summary>
/// An Ed25519-signed L2 transfer, in the <see cref="OptimisticSignedOperation"/> envelope with its own signing tag.
/// The signed bytes bind chain id and rollup id so a signature cannot be replayed on another chain or another rollup.
/// </summary>
public sealed record OptimisticTransfer(PublicKey Sender, Address Recipient, ulong Amount, ulong Fee, ulong Nonce, Signature Signature)
{
    public const byte Version = OptimisticSignedOperation.Version;
    public const int EncodedSize = OptimisticSignedOperation.EncodedSize;
    private static readonly DomainTag SigningTag = new("lamina/l2/optimistic/transfer");

    private OptimisticSignedOperation Operation => new(Sender, Recipient, Amount, Fee, Nonce);

    public static byte[] SigningBytes(ulong chainId, ulong rollupId, PublicKey sender, Address recipient, ulong amount, ulong fee, ulong nonce) =>
        new OptimisticSignedOperation(sender, recipient, amount, fee, nonce).SigningBytes(SigningTag, chainId, rollupId);

    public static OptimisticTransfer Create(SigningKey key, ulong chainId, ulong rollupId, Address recipient, ulong amount, ulong fee, ulong nonce) =>
        new(key.PublicKey, recipient, amount, fee, nonce,
            new OptimisticSignedOperation(key.PublicKey, recipient, amount, fee, nonce).Sign(key, SigningTag, chainId, rollupId));

    public bool VerifySignature(ulong chainId, ulong rollupId) => Operation.Verify(SigningTag, chainId, rollupId, Signature);

    public byte[] Encode() => Operation.Encode(Signature);

    public static OptimisticTransfer Decode(ReadOnlySpan<byte> bytes)
    {
        var (op, signature) = OptimisticSignedOperation.Decode(bytes, "optimistic transfer", "recipient");
        return new OptimisticTransfer(op.Sender, op.Counterparty, op.Amount, op.Fee, op.Nonce, signature);
    }
}
