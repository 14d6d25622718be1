using Lamina.Core;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Transactions;

namespace Lamina.L2.Zk.Batch;

/// <summary>
/// What one applied operation publishes: enough to replay it on the state without signatures. Fields a kind
/// does not use are zero/null. <see cref="Applied"/> is false only for priority operations consumed without
/// effect (a refunded deposit, a forced exit whose nonce or signature did not match).
/// </summary>
public readonly record struct PubdataOp(
    ZkTxKind Kind,
    bool Applied,
    uint Account,
    uint Other,
    ulong Amount,
    PackedAmount Packed,
    ZkPublicKey? Key,
    Address Recipient)
{
    public static PubdataOp Transfer(uint from, uint to, PackedAmount amount) =>
        new(ZkTxKind.Transfer, true, from, to, amount.Value, amount, null, default);

    public static PubdataOp TransferToNew(uint from, uint to, PackedAmount amount, ZkPublicKey key) =>
        new(ZkTxKind.TransferToNew, true, from, to, amount.Value, amount, key, default);

    public static PubdataOp Deposit(uint to, ulong amount, ZkPublicKey key, bool applied) =>
        new(ZkTxKind.Deposit, applied, to, 0, amount, default, key, default);

    public static PubdataOp Withdrawal(uint from, ulong amount, Address recipient) =>
        new(ZkTxKind.Withdrawal, true, from, 0, amount, default, null, recipient);

    public static PubdataOp ForcedExit(uint account, ulong amount, Address recipient, bool applied) =>
        new(ZkTxKind.ForcedExit, applied, account, 0, applied ? amount : 0, default, null, recipient);
}
