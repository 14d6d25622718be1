using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;
using Lamina.Stark.Field;

namespace Lamina.L2.Zk.Transactions;

/// <summary>
/// A ZK-rollup operation in its canonical signed (wire) form: version u8 (= 1), kind u8, the kind's fields
/// (big-endian, Core codec), and for the signed kinds the 80-byte signature last.
/// </summary>
public abstract record ZkTransaction
{
    public const byte Version = 1;

    /// <summary>Upper bound on an encoded transaction (a transfer to a new account with its key and signature).</summary>
    public const int MaxEncodedLength = 2 + 4 + 4 + ZkPublicKey.Size + 5 + 4 + ZkSignature.Size;

    public abstract ZkTxKind Kind { get; }

    /// <summary>Deposits and forced exits come from the L1 priority queue and carry its serial number.</summary>
    public bool IsPriority => Kind is ZkTxKind.Deposit or ZkTxKind.ForcedExit;

    protected abstract void EncodeFields(CanonicalWriter writer);

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(MaxEncodedLength);
        writer.WriteU8(Version);
        writer.WriteU8((byte)Kind);
        EncodeFields(writer);
        return writer.ToArray();
    }

    /// <summary>Decodes exactly one transaction; anything else is a <see cref="CodecException"/>.</summary>
    public static ZkTransaction Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        reader.ExpectVersion(Version, "ZK transaction");
        int kindAt = reader.Position;
        byte kind = reader.ReadU8("kind");
        ZkTransaction tx;
        try
        {
            tx = (ZkTxKind)kind switch
            {
                ZkTxKind.Transfer => TransferTx.DecodeFields(ref reader),
                ZkTxKind.TransferToNew => TransferToNewTx.DecodeFields(ref reader),
                ZkTxKind.Deposit => DepositOp.DecodeFields(ref reader),
                ZkTxKind.Withdrawal => WithdrawalTx.DecodeFields(ref reader),
                ZkTxKind.ForcedExit => ForcedExitOp.DecodeFields(ref reader),
                _ => throw new CodecException(CodecError.UnknownKind, $"unknown ZK transaction kind {kind}", kindAt),
            };
        }
        catch (ArgumentException e)
        {
            throw new CodecException(CodecError.InvalidValue, $"ZK transaction: {e.Message}", reader.Position);
        }
        reader.EnsureEnd("ZK transaction");
        return tx;
    }

    internal static uint ReadIndex(ref CanonicalReader reader, string what)
    {
        int at = reader.Position;
        uint index = reader.ReadU32(what);
        if (index >= AccountTree.Capacity)
        {
            throw new CodecException(CodecError.InvalidValue, $"{what} {index} is outside the 2^{AccountTree.Depth}-account tree", at);
        }
        return index;
    }

    internal static ulong ReadAmount(ref CanonicalReader reader, string what)
    {
        int at = reader.Position;
        ulong amount = reader.ReadU64(what);
        if (amount > AccountLeaf.MaxBalance)
        {
            throw new CodecException(CodecError.InvalidValue, $"{what} {amount} is above the 2^62 limit", at);
        }
        return amount;
    }

    internal static PackedAmount ReadPacked(ref CanonicalReader reader)
    {
        ReadOnlySpan<byte> raw = reader.ReadRaw(PackedAmount.ByteLength, "packed amount");
        ulong bits = 0;
        foreach (byte b in raw)
        {
            bits = (bits << 8) | b;
        }
        return PackedAmount.FromBits(bits);
    }

    internal static void WritePacked(CanonicalWriter writer, PackedAmount amount)
    {
        Span<byte> raw = stackalloc byte[PackedAmount.ByteLength];
        ulong bits = amount.Bits;
        for (int i = PackedAmount.ByteLength - 1; i >= 0; i--)
        {
            raw[i] = (byte)(bits & 0xff);
            bits >>= 8;
        }
        writer.WriteRaw(raw);
    }

    internal static ZkPublicKey ReadKey(ref CanonicalReader reader) => new(reader.ReadRaw(ZkPublicKey.Size, "public key"));

    internal static ZkSignature ReadSignature(ref CanonicalReader reader) => new(reader.ReadRaw(ZkSignature.Size, "signature"));

    internal static void WriteKey(CanonicalWriter writer, ZkPublicKey key)
    {
        Span<byte> raw = stackalloc byte[ZkPublicKey.Size];
        key.CopyTo(raw);
        writer.WriteRaw(raw);
    }

    internal static void WriteSignature(CanonicalWriter writer, ZkSignature signature)
    {
        Span<byte> raw = stackalloc byte[ZkSignature.Size];
        signature.CopyTo(raw);
        writer.WriteRaw(raw);
    }

    /// <summary>An L1 address as three field elements: 7, 7 and 6 little-endian bytes.</summary>
    internal static void AddressElements(Address address, Span<Felt> destination)
    {
        Span<byte> raw = stackalloc byte[Address.Size];
        address.CopyTo(raw);
        destination[0] = Felt.FromU64(LittleEndian(raw[..7]));
        destination[1] = Felt.FromU64(LittleEndian(raw.Slice(7, 7)));
        destination[2] = Felt.FromU64(LittleEndian(raw.Slice(14, 6)));
    }

    private static ulong LittleEndian(ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        for (int i = bytes.Length - 1; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }
        return value;
    }
}
