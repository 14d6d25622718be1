using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.L2.Optimistic;

/// <summary>
/// The canonical, uncompressed body of a batch. To approach 80 bytes per signed transfer, everything but the 64-byte
/// signature is nearly free: public keys and recipient addresses are listed once per batch and referenced by index,
/// nonces are implied (each sender's first nonce is listed once, later ones count up), and integers are compact LEB128.
/// Layout: version 1 ‖ n ‖ n×(public key ‖ first nonce) ‖ m ‖ m×address ‖ t ‖ t×(sender index·2+kind ‖ recipient index ‖
/// amount ‖ fee ‖ signature). Exactly one encoding: the tables are in order of first use, without duplicates or
/// unused entries, and every integer is minimal; the decoder rejects anything else with a <see cref="CodecException"/>.
/// </summary>
public static class OptimisticBatchPayload
{
    public const byte Version = 1;
    private const int MinTxSize = 4 + Signature.Size;

    public static byte[] Encode(IReadOnlyList<OptimisticBatchItem> items)
    {
        var output = new List<byte>(items.Count * 80 + 16) { Version };
        WriteItems(output, items);
        return [.. output];
    }

    public static IReadOnlyList<OptimisticBatchItem> Decode(ReadOnlySpan<byte> data)
    {
        var at = 0;
        if (data.Length == 0) throw new CodecException(CodecError.Truncated, "empty batch payload", 0);
        if (data[at++] != Version) throw new CodecException(CodecError.UnknownVersion, $"batch payload version {data[0]} (expected {Version})", 0);
        var items = ReadItems(data, ref at);
        if (at != data.Length) throw new CodecException(CodecError.TrailingBytes, $"{data.Length - at} bytes after the last transaction", at);
        return items;
    }

    /// <summary>
    /// The body after the version byte (tables, count, transactions): shared with <see cref="OptimisticChannelPayload"/>,
    /// which carries block boundaries in front of it.
    /// </summary>
    internal static void WriteItems(List<byte> output, IReadOnlyList<OptimisticBatchItem> items)
    {
        var senders = new Dictionary<PublicKey, int>();
        var senderOrder = new List<(PublicKey Key, ulong FirstNonce)>();
        var nextNonce = new List<ulong>();
        var recipients = new Dictionary<Address, int>();
        var recipientOrder = new List<Address>();
        var body = new List<byte>(items.Count * 80);
        Span<byte> signature = stackalloc byte[Signature.Size];
        foreach (var item in items)
        {
            if (!senders.TryGetValue(item.Sender, out var s))
            {
                s = senders[item.Sender] = senderOrder.Count;
                senderOrder.Add((item.Sender, item.Nonce));
                nextNonce.Add(item.Nonce);
            }
            if (nextNonce[s] != item.Nonce)
                throw new ArgumentException($"sender {s}: nonce {item.Nonce} where {nextNonce[s]} is implied; a batch carries each sender's nonces consecutively");
            nextNonce[s] = checked(item.Nonce + 1);
            if (!recipients.TryGetValue(item.Recipient, out var r))
            {
                r = recipients[item.Recipient] = recipientOrder.Count;
                recipientOrder.Add(item.Recipient);
            }
            CompactInt.Write(body, ((ulong)s << 1) | (byte)item.Kind);
            CompactInt.Write(body, (ulong)r);
            CompactInt.Write(body, item.Amount);
            CompactInt.Write(body, item.Fee);
            item.Signature.CopyTo(signature);
            body.AddRange(signature);
        }

        output.Capacity = Math.Max(output.Capacity, output.Count + body.Count + senderOrder.Count * 40 + recipientOrder.Count * Address.Size + 16);
        CompactInt.Write(output, (ulong)senderOrder.Count);
        Span<byte> key = stackalloc byte[PublicKey.Size];
        foreach (var (sender, firstNonce) in senderOrder)
        {
            sender.CopyTo(key);
            output.AddRange(key);
            CompactInt.Write(output, firstNonce);
        }
        CompactInt.Write(output, (ulong)recipientOrder.Count);
        Span<byte> address = stackalloc byte[Address.Size];
        foreach (var recipient in recipientOrder)
        {
            recipient.CopyTo(address);
            output.AddRange(address);
        }
        CompactInt.Write(output, (ulong)items.Count);
        output.AddRange(body);
    }

    /// <summary>Reads what <see cref="WriteItems"/> wrote, from <paramref name="at"/>; the caller checks what follows.</summary>
    internal static OptimisticBatchItem[] ReadItems(ReadOnlySpan<byte> data, ref int at)
    {
        var senderCount = Count(data, ref at, PublicKey.Size + 1, "sender count");
        var senders = new (PublicKey Key, ulong NextNonce)[senderCount];
        var seenSenders = new HashSet<PublicKey>(senderCount);
        for (var i = 0; i < senderCount; i++)
        {
            var key = new PublicKey(Take(data, ref at, PublicKey.Size, "sender public key"));
            if (!seenSenders.Add(key)) throw new CodecException(CodecError.NonCanonical, $"sender {i} is listed twice", at - PublicKey.Size);
            senders[i] = (key, CompactInt.Read(data, ref at, "first nonce"));
        }
        var recipientCount = Count(data, ref at, Address.Size, "recipient count");
        var recipients = new Address[recipientCount];
        var seenRecipients = new HashSet<Address>(recipientCount);
        for (var i = 0; i < recipientCount; i++)
        {
            recipients[i] = new Address(Take(data, ref at, Address.Size, "recipient"));
            if (!seenRecipients.Add(recipients[i])) throw new CodecException(CodecError.NonCanonical, $"recipient {i} is listed twice", at - Address.Size);
        }

        var txCount = Count(data, ref at, MinTxSize, "transaction count");
        var items = new OptimisticBatchItem[txCount];
        int usedSenders = 0, usedRecipients = 0;
        for (var i = 0; i < txCount; i++)
        {
            var tagAt = at;
            var tag = CompactInt.Read(data, ref at, "sender and kind");
            var kind = (OptimisticTxKind)(tag & 1);
            var s = FirstUse(tag >> 1, ref usedSenders, senderCount, tagAt, "sender index");
            var recipientAt = at;
            var r = FirstUse(CompactInt.Read(data, ref at, "recipient index"), ref usedRecipients, recipientCount, recipientAt, "recipient index");
            var amount = CompactInt.Read(data, ref at, "amount");
            var fee = CompactInt.Read(data, ref at, "fee");
            var signature = new Signature(Take(data, ref at, Signature.Size, "signature"));
            var nonce = senders[s].NextNonce;
            if (nonce == ulong.MaxValue) throw new CodecException(CodecError.InvalidValue, $"sender {s}: implied nonce overflows", tagAt);
            senders[s].NextNonce = nonce + 1;
            items[i] = new OptimisticBatchItem(kind, senders[s].Key, recipients[r], amount, fee, nonce, signature);
        }
        if (usedSenders != senderCount || usedRecipients != recipientCount)
            throw new CodecException(CodecError.NonCanonical, "the batch lists a sender or recipient that no transaction uses", at);
        return items;
    }

    /// <summary>Tables are in order of first use: an index is either one already used or exactly the next new one.</summary>
    private static int FirstUse(ulong index, ref int used, int bound, int at, string what)
    {
        if (index >= (ulong)bound) throw new CodecException(CodecError.InvalidValue, $"{what} {index} is out of range (< {bound})", at);
        if (index > (ulong)used) throw new CodecException(CodecError.NonCanonical, $"{what} {index} skips ahead of first use (next new is {used})", at);
        if (index == (ulong)used) used++;
        return (int)index;
    }

    internal static int Count(ReadOnlySpan<byte> data, ref int at, int minElementSize, string what)
    {
        var countAt = at;
        var count = CompactInt.Read(data, ref at, what);
        var fits = (ulong)(data.Length - at) / (ulong)minElementSize;
        return count <= fits ? (int)count : throw new CodecException(CodecError.Oversize, $"{what} {count} cannot fit in {data.Length - at} remaining bytes", countAt);
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> data, ref int at, int count, string what)
    {
        if (data.Length - at < count) throw new CodecException(CodecError.Truncated, $"{what}: needs {count} bytes, {data.Length - at} left", at);
        var slice = data.Slice(at, count);
        at += count;
        return slice;
    }
}
