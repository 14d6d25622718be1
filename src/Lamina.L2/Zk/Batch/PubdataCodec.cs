using System.Buffers.Binary;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;

namespace Lamina.L2.Zk.Batch;

/// <summary>
/// The byte form of a batch's pubdata: the operations back to back, no header (the blob's length delimits it).
/// Each starts with a kind byte whose top bit marks a priority operation consumed without effect. Integers are
/// little-endian (unlike the signed-transaction codec) so that the field elements the commitment hashes are
/// plain linear combinations of the fields. Layouts (bytes):
/// <code>
/// Transfer       12: kind, from u24, to u24, packed amount u40
/// TransferToNew  52: kind, from u24, to u24, packed amount u40, key 40
/// Deposit        52: kind, to u24, amount u64, key 40
/// Withdrawal     32: kind, from u24, amount u64, recipient 20
/// ForcedExit     32: kind, account u24, amount u64 (0 if not applied), recipient 20
/// </code>
/// </summary>
public static class PubdataCodec
{
    public const byte NotAppliedFlag = 0x80;

    /// <summary>Commitment domain tag (ASCII "zkpubd1").</summary>
    public static readonly Felt CommitmentTag = Felt.FromU64(0x0031646275706B7AUL);

    public static int Size(ZkTxKind kind) => kind switch
    {
        ZkTxKind.Transfer => 12,
        ZkTxKind.TransferToNew or ZkTxKind.Deposit => 52,
        ZkTxKind.Withdrawal or ZkTxKind.ForcedExit => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static byte[] Encode(IReadOnlyList<PubdataOp> ops)
    {
        int total = 0;
        foreach (PubdataOp op in ops)
        {
            total += Size(op.Kind);
        }
        var bytes = new byte[total];
        int at = 0;
        foreach (PubdataOp op in ops)
        {
            Write(op, bytes.AsSpan(at, Size(op.Kind)));
            at += Size(op.Kind);
        }
        return bytes;
    }

    private static void Write(PubdataOp op, Span<byte> d)
    {
        d[0] = (byte)((byte)op.Kind | (op.Applied ? 0 : NotAppliedFlag));
        WriteU24(d[1..], op.Account);
        switch (op.Kind)
        {
            case ZkTxKind.Transfer:
            case ZkTxKind.TransferToNew:
                WriteU24(d[4..], op.Other);
                WriteU40(d[7..], op.Packed.Bits);
                op.Key?.CopyTo(d[12..]);
                break;
            case ZkTxKind.Deposit:
                BinaryPrimitives.WriteUInt64LittleEndian(d[4..], op.Amount);
                op.Key!.Value.CopyTo(d[12..]);
                break;
            default:
                BinaryPrimitives.WriteUInt64LittleEndian(d[4..], op.Amount);
                op.Recipient.CopyTo(d[12..]);
                break;
        }
    }

    /// <summary>Parses a pubdata blob; truncation, unknown kinds, bad flags and non-canonical fields are <see cref="CodecException"/>s.</summary>
    public static List<PubdataOp> Decode(ReadOnlySpan<byte> bytes)
    {
        var ops = new List<PubdataOp>();
        int at = 0;
        while (at < bytes.Length)
        {
            byte head = bytes[at];
            var kind = (ZkTxKind)(head & 0x7f);
            bool applied = (head & NotAppliedFlag) == 0;
            if (!Enum.IsDefined(kind))
            {
                throw new CodecException(CodecError.UnknownKind, $"unknown pubdata operation kind {head & 0x7f}", at);
            }
            if (!applied && kind is not (ZkTxKind.Deposit or ZkTxKind.ForcedExit))
            {
                throw new CodecException(CodecError.NonCanonical, $"{kind} cannot be marked not applied", at);
            }
            int size = Size(kind);
            if (bytes.Length - at < size)
            {
                throw new CodecException(CodecError.Truncated, $"pubdata ends inside a {kind} operation", at);
            }
            try
            {
                ops.Add(Read(kind, applied, bytes.Slice(at, size), at));
            }
            catch (ArgumentException e)
            {
                throw new CodecException(CodecError.InvalidValue, $"pubdata {kind}: {e.Message}", at);
            }
            at += size;
        }
        return ops;
    }

    private static PubdataOp Read(ZkTxKind kind, bool applied, ReadOnlySpan<byte> s, int offset)
    {
        uint account = ReadU24(s[1..]);
        switch (kind)
        {
            case ZkTxKind.Transfer:
                return PubdataOp.Transfer(account, ReadU24(s[4..]), PackedAmount.FromBits(ReadU40(s[7..])));
            case ZkTxKind.TransferToNew:
                return PubdataOp.TransferToNew(account, ReadU24(s[4..]), PackedAmount.FromBits(ReadU40(s[7..])), new ZkPublicKey(s[12..]));
            case ZkTxKind.Deposit:
                return PubdataOp.Deposit(account, ReadAmount(s[4..], offset), new ZkPublicKey(s[12..]), applied);
            case ZkTxKind.Withdrawal:
                return PubdataOp.Withdrawal(account, ReadAmount(s[4..], offset), new Address(s[12..]));
            default:
                ulong amount = ReadAmount(s[4..], offset);
                if (!applied && amount != 0)
                {
                    throw new CodecException(CodecError.NonCanonical, "a forced exit without effect carries amount 0", offset);
                }
                return PubdataOp.ForcedExit(account, amount, new Address(s[12..]), applied);
        }
    }

    /// <summary>
    /// The commitment a batch proof exposes: RPO.HashElements(tag ‖ each operation's elements), with per operation
    /// [kind byte + account·2^8 + other·2^32, amount (packed bits for transfers)] then the key (5) or the recipient (3).
    /// </summary>
    public static RpoDigest Commitment(IReadOnlyList<PubdataOp> ops)
    {
        var elements = new List<Felt>(1 + 7 * ops.Count) { CommitmentTag };
        Span<Felt> buffer = stackalloc Felt[7];
        foreach (PubdataOp op in ops)
        {
            int count = Elements(op, buffer);
            for (int i = 0; i < count; i++)
            {
                elements.Add(buffer[i]);
            }
        }
        return Rpo256.HashElements(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(elements));
    }

    public static int Elements(PubdataOp op, Span<Felt> d)
    {
        ulong kindByte = (byte)op.Kind | (op.Applied ? 0u : NotAppliedFlag);
        ulong head = kindByte | ((ulong)op.Account << 8) | ((ulong)op.Other << 32);
        d[0] = Felt.FromU64(head);
        bool packed = op.Kind is ZkTxKind.Transfer or ZkTxKind.TransferToNew;
        d[1] = Felt.FromU64(packed ? op.Packed.Bits : op.Amount);
        if (op.Key is ZkPublicKey key)
        {
            for (int i = 0; i < 5; i++)
            {
                d[2 + i] = key.W[i];
            }
            return 7;
        }
        if (op.Kind is ZkTxKind.Withdrawal or ZkTxKind.ForcedExit)
        {
            ZkTransaction.AddressElements(op.Recipient, d.Slice(2, 3));
            return 5;
        }
        return 2;
    }

    private static ulong ReadAmount(ReadOnlySpan<byte> s, int offset)
    {
        ulong amount = BinaryPrimitives.ReadUInt64LittleEndian(s);
        if (amount > AccountLeaf.MaxBalance)
        {
            throw new CodecException(CodecError.InvalidValue, "pubdata amount above the 2^62 limit", offset);
        }
        return amount;
    }

    private static void WriteU24(Span<byte> d, uint v)
    {
        d[0] = (byte)(v & 0xff);
        d[1] = (byte)((v >> 8) & 0xff);
        d[2] = (byte)((v >> 16) & 0xff);
    }

    private static uint ReadU24(ReadOnlySpan<byte> s) => (uint)s[0] | ((uint)s[1] << 8) | ((uint)s[2] << 16);

    private static void WriteU40(Span<byte> d, ulong v)
    {
        for (int i = 0; i < 5; i++)
        {
            d[i] = (byte)((v >> (8 * i)) & 0xff);
        }
    }

    private static ulong ReadU40(ReadOnlySpan<byte> s)
    {
        ulong v = 0;
        for (int i = 4; i >= 0; i--)
        {
            v = (v << 8) | s[i];
        }
        return v;
    }
}
