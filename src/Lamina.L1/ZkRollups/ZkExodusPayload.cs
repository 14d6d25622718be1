using System.Buffers.Binary;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Transactions;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Hashing;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// Exodus: once the rollup is frozen, withdraws account <see cref="Account"/>'s balance in the last proven account
/// root to <see cref="Recipient"/>. <see cref="Leaf"/> (key, balance, nonce) with its <see cref="AccountTree.Depth"/>
/// RPO siblings must open that root; the claim is signed by the leaf's key over <see cref="Message"/>, so only the
/// account's owner picks the recipient. Each account exits once. Anyone can build the proof from DA pubdata alone
/// (<c>lamina zk exodus</c>). Body: rollup id (u32) ‖ account (u32) ‖ key (40) ‖ balance (u64) ‖ nonce (u32) ‖
/// 24 × sibling (32) ‖ recipient (20) ‖ signature (80).
/// </summary>
public sealed class ZkExodusPayload : TxPayload
{
    /// <summary>Covers 24 RPO merges, one Schnorr-ECgFp5 verification (about 1.3 ms, 25× an Ed25519 verify) and the records.</summary>
    public const ulong Gas = 600_000;

    private static readonly byte[] MessageTag = "lamina/zk-rollup/exodus/v1"u8.ToArray();

    public ZkExodusPayload(uint rollupId, uint account, AccountLeaf leaf, IReadOnlyList<RpoDigest> siblings, Address recipient, ZkSignature signature)
    {
        ArgumentNullException.ThrowIfNull(siblings);
        if (account >= AccountTree.Capacity) throw new ArgumentOutOfRangeException(nameof(account), $"an account index is below 2^{AccountTree.Depth}");
        if (leaf.IsEmpty) throw new ArgumentException("an exodus claim opens an account with a key", nameof(leaf));
        if (leaf.Balance > AccountLeaf.MaxBalance) throw new ArgumentOutOfRangeException(nameof(leaf), "balance above 2^62 - 1");
        if (siblings.Count != AccountTree.Depth) throw new ArgumentException($"a path has {AccountTree.Depth} siblings, got {siblings.Count}", nameof(siblings));
        RollupId = rollupId;
        Account = account;
        Leaf = leaf;
        Siblings = siblings;
        Recipient = recipient;
        Signature = signature;
    }

    public uint RollupId { get; }
    public uint Account { get; }
    public AccountLeaf Leaf { get; }
    public IReadOnlyList<RpoDigest> Siblings { get; }
    public Address Recipient { get; }
    public ZkSignature Signature { get; }
    public override TxKind Kind => TxKind.ZkExodus;
    public override ulong IntrinsicGas => Gas;

    /// <summary>RPO-256 of tag ‖ domain digest ‖ rollup id ‖ account (u32 LE each) ‖ recipient: what the account key signs.</summary>
    public static RpoDigest Message(ZkRollupDomain domain, uint account, Address recipient)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var bytes = new byte[MessageTag.Length + RpoDigest.ByteLength + 8 + Address.Size];
        MessageTag.CopyTo(bytes, 0);
        domain.Digest.ToBytes().CopyTo(bytes, MessageTag.Length);
        var at = MessageTag.Length + RpoDigest.ByteLength;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), domain.RollupId);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 4), account);
        recipient.CopyTo(bytes.AsSpan(at + 8));
        return Rpo256.Hash(bytes);
    }

    /// <summary>A claim signed by the account's key.</summary>
    public static ZkExodusPayload Sign(uint rollupId, uint account, AccountLeaf leaf, IReadOnlyList<RpoDigest> siblings, Address recipient, ZkSigningKey key, ZkRollupDomain domain)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new ZkExodusPayload(rollupId, account, leaf, siblings, recipient, key.Sign(Message(domain, account, recipient)));
    }

    public override void EncodeBody(CanonicalWriter writer)
    {
        writer.WriteU32(RollupId);
        writer.WriteU32(Account);
        writer.WriteRaw(Leaf.Key!.Value.ToArray());
        writer.WriteU64(Leaf.Balance);
        writer.WriteU32(Leaf.Nonce);
        foreach (var sibling in Siblings) writer.WriteRaw(sibling.ToBytes());
        writer.WriteAddress(Recipient);
        ZkCodec.WriteSignature(writer, Signature);
    }

    internal static ZkExodusPayload DecodeBody(ref CanonicalReader reader)
    {
        var id = reader.ReadU32("rollup id");
        var account = ZkCodec.ReadIndex(ref reader, "account");
        var key = ZkCodec.ReadKey(ref reader, "account key");
        var balance = ZkCodec.ReadBalance(ref reader, "balance");
        var nonce = reader.ReadU32("nonce");
        var siblings = new RpoDigest[AccountTree.Depth];
        for (var i = 0; i < siblings.Length; i++) siblings[i] = ZkRollupConfig.ReadDigest(ref reader, "sibling");
        var recipient = reader.ReadAddress("recipient");
        var signature = ZkCodec.ReadSignature(ref reader, "signature");
        return new ZkExodusPayload(id, account, new AccountLeaf(key, balance, nonce), siblings, recipient, signature);
    }
}
