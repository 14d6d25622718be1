using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Transactions;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// Queues a forced exit the operator cannot censor: account <see cref="Account"/>'s whole balance to the L1
/// <see cref="Recipient"/>, signed by the account's ZK key at <see cref="Nonce"/> (<see cref="ForcedExitOp"/>'s
/// message; L1 assigns the serial). L1 does not check the signature (it holds no rollup state): the batch that
/// consumes the request proves whether it applied. Body: rollup id (u32) ‖ account (u32, below 2^24) ‖ recipient
/// (20) ‖ nonce (u32) ‖ signature (80).
/// </summary>
public sealed class ZkForcedExitPayload : TxPayload
{
    public const ulong Gas = 60_000;

    public ZkForcedExitPayload(uint rollupId, uint account, Address recipient, uint nonce, ZkSignature signature)
    {
        if (account >= AccountTree.Capacity) throw new ArgumentOutOfRangeException(nameof(account), $"an account index is below 2^{AccountTree.Depth}");
        RollupId = rollupId;
        Account = account;
        Recipient = recipient;
        Nonce = nonce;
        Signature = signature;
    }

    public uint RollupId { get; }
    public uint Account { get; }
    public Address Recipient { get; }
    public uint Nonce { get; }
    public ZkSignature Signature { get; }
    public override TxKind Kind => TxKind.ZkForcedExit;
    public override ulong IntrinsicGas => Gas;

    /// <summary>The request signed by the account's key: <see cref="ForcedExitOp.Create"/> with the serial left to L1.</summary>
    public static ZkForcedExitPayload Sign(uint rollupId, uint account, Address recipient, uint nonce, ZkSigningKey key, ZkRollupDomain domain)
    {
        ArgumentNullException.ThrowIfNull(key);
        var op = ForcedExitOp.Create(0, account, recipient, nonce, key, domain);
        return new ZkForcedExitPayload(rollupId, account, recipient, nonce, op.Signature);
    }

    /// <summary>The priority operation the rollup must process, with the serial L1 assigned.</summary>
    public ForcedExitOp ToOp(ulong serial) => new(serial, Account, Recipient, Nonce, Signature);

    public override void EncodeBody(CanonicalWriter writer)
    {
        writer.WriteU32(RollupId);
        writer.WriteU32(Account);
        writer.WriteAddress(Recipient);
        writer.WriteU32(Nonce);
        ZkCodec.WriteSignature(writer, Signature);
    }

    internal static ZkForcedExitPayload DecodeBody(ref CanonicalReader reader)
    {
        var id = reader.ReadU32("rollup id");
        var account = ZkCodec.ReadIndex(ref reader, "account");
        var recipient = reader.ReadAddress("recipient");
        var nonce = reader.ReadU32("nonce");
        return new ZkForcedExitPayload(id, account, recipient, nonce, ZkCodec.ReadSignature(ref reader, "signature"));
    }
}
