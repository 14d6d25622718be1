using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.L2.Optimistic;

/// <summary>
/// The record a withdrawal leaves in the L2 state: who burned, who receives on L1, how much, and the sender's nonce.
/// It lives in the same sparse Merkle tree as the accounts, under a key derived from (sender, nonce) with its own
/// domain tag, so the withdrawals form their own key space and L1 checks one with a single inclusion proof.
/// Its <see cref="Id"/> is what L1 marks as spent (replay protection across output roots).
/// Encoding: version 1 ‖ sender ‖ l1 recipient ‖ amount (BE u64) ‖ nonce (BE u64), 57 bytes.
/// </summary>
public readonly record struct OptimisticWithdrawalReceipt(Address L2Sender, Address L1Recipient, ulong Amount, ulong Nonce)
{
    public const byte Version = 1;
    public const int EncodedSize = 1 + Address.Size * 2 + 16;
    private static readonly DomainTag KeyTag = new("lamina/l2/optimistic/withdrawal-key");

    /// <summary>The tree key, and the id L1 records as spent: unique because the sender's nonce never repeats.</summary>
    public Hash256 Id => KeyOf(L2Sender, Nonce);

    public static Hash256 KeyOf(Address sender, ulong nonce)
    {
        Span<byte> bytes = stackalloc byte[Address.Size + 8];
        sender.CopyTo(bytes);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[Address.Size..], nonce);
        return DomainHasher.Hash(KeyTag, bytes);
    }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(EncodedSize);
        writer.WriteU8(Version);
        writer.WriteAddress(L2Sender);
        writer.WriteAddress(L1Recipient);
        writer.WriteU64(Amount);
        writer.WriteU64(Nonce);
        return writer.ToArray();
    }

    public static OptimisticWithdrawalReceipt Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        reader.ExpectVersion(Version, "withdrawal receipt");
        var receipt = new OptimisticWithdrawalReceipt(reader.ReadAddress("l2 sender"), reader.ReadAddress("l1 recipient"),
            reader.ReadU64("amount"), reader.ReadU64("nonce"));
        reader.EnsureEnd("withdrawal receipt");
        return receipt;
    }
}
