using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.L2.Optimistic;

/// <summary>One signed user transaction as a batch carries it: a transfer or a withdrawal (same fields, distinct signing tags).</summary>
public readonly record struct OptimisticBatchItem(OptimisticTxKind Kind, PublicKey Sender, Address Recipient, ulong Amount, ulong Fee, ulong Nonce, Signature Signature)
{
    public static OptimisticBatchItem From(OptimisticTransfer t) => new(OptimisticTxKind.Transfer, t.Sender, t.Recipient, t.Amount, t.Fee, t.Nonce, t.Signature);

    public static OptimisticBatchItem From(OptimisticWithdrawal w) => new(OptimisticTxKind.Withdrawal, w.Sender, w.L1Recipient, w.Amount, w.Fee, w.Nonce, w.Signature);

    public OptimisticTransfer ToTransfer() => Kind == OptimisticTxKind.Transfer
        ? new(Sender, Recipient, Amount, Fee, Nonce, Signature)
        : throw new InvalidOperationException("not a transfer");

    public OptimisticWithdrawal ToWithdrawal() => Kind == OptimisticTxKind.Withdrawal
        ? new(Sender, Recipient, Amount, Fee, Nonce, Signature)
        : throw new InvalidOperationException("not a withdrawal");

    /// <summary>Applies this transaction; the state machine checks signature, nonce, fee and balance.</summary>
    public Hash256 ApplyTo(OptimisticStateMachine machine, Hash256 root) => Kind == OptimisticTxKind.Transfer
        ? machine.ApplyTransfer(root, ToTransfer())
        : machine.ApplyWithdrawal(root, ToWithdrawal());
}
