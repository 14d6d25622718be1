using Lamina.Core;

namespace Lamina.L2.Optimistic;

/// <summary>
/// The one definition of what a transaction does to the optimistic rollup's state: signature, nonce, fee and balance
/// checks with checked u64 arithmetic, then the writes. The sequencer's <see cref="OptimisticStateMachine"/>, the
/// witness generator and L1's <see cref="OneStepExecutor"/> all run this code over different ledgers, so they cannot
/// disagree on a rule. A rejection throws <see cref="InvalidOptimisticTransactionException"/>; callers discard the
/// ledger then, so a rejected transaction changes nothing.
/// </summary>
/// <remarks>
/// The order of ledger accesses is part of the one-step witness format (one witness entry per access, in this order):
/// transfer = sender, recipient, sequencer; withdrawal = sender, sequencer, receipt; deposit = deposit cursor, recipient.
/// Changing the order changes which witnesses are valid, not which roots result.
/// </remarks>
public static class OptimisticRules
{
    /// <summary>
    /// Credits L1 deposit <paramref name="index"/> to <paramref name="recipient"/>. Where the context holds L1's queue
    /// (the dispute step on L1) the deposit must be the one L1 recorded there (<c>UnknownDeposit</c>, checked before any
    /// state access); it must be the state's next deposit (<c>DepositOutOfOrder</c>), which advances the cursor. A credit
    /// that would overflow the recipient's balance is skipped but the deposit still consumed (the funds stay in L1's
    /// escrow), so one impossible credit cannot stall every later deposit.
    /// </summary>
    public static void Deposit(IOptimisticLedger ledger, in OptimisticRuleContext context, ulong index, Address recipient, ulong amount)
    {
        if (context.Deposits is { } queue)
        {
            if (!queue.TryGet(index, out var l1Recipient, out var l1Amount))
                throw new InvalidOptimisticTransactionException(OptimisticTransitionError.UnknownDeposit, $"L1 recorded no deposit {index}");
            if (l1Recipient != recipient || l1Amount != amount)
                throw new InvalidOptimisticTransactionException(OptimisticTransitionError.UnknownDeposit,
                    $"L1 recorded deposit {index} as {l1Amount} to {l1Recipient}, not {amount} to {recipient}");
        }
        var next = ledger.ReadDepositCursor();
        if (index != next)
            throw new InvalidOptimisticTransactionException(OptimisticTransitionError.DepositOutOfOrder, $"deposit {index} where {next} is next");
        if (next == ulong.MaxValue)
            throw new InvalidOptimisticTransactionException(OptimisticTransitionError.DepositOutOfOrder, "the deposit queue index is exhausted");
        ledger.WriteDepositCursor(next + 1);
        var account = ledger.ReadAccount(recipient);
        if (ulong.MaxValue - account.Balance < amount) return;
        ledger.WriteAccount(recipient, account with { Balance = account.Balance + amount });
    }

    public static void Transfer(IOptimisticLedger ledger, in OptimisticRuleContext context, OptimisticTransfer transfer) =>
        Transfer(ledger, context, transfer, signatureChecked: false);

    /// <summary>
    /// <paramref name="signatureChecked"/>: the caller holds a <see cref="SignatureCheckedItem"/> for this context, so the
    /// first rule already ran (on another core); everything after it is the same code.
    /// </summary>
    internal static void Transfer(IOptimisticLedger ledger, in OptimisticRuleContext context, OptimisticTransfer transfer, bool signatureChecked)
    {
        if (!signatureChecked && !transfer.VerifySignature(context.ChainId, context.RollupId))
            throw SignatureCheckedItem.BadSignatureFor(OptimisticTxKind.Transfer);
        Debit(ledger, context, transfer.Sender.ToAddress(), transfer.Nonce, transfer.Amount, transfer.Fee);
        Credit(ledger, transfer.Recipient, transfer.Amount);
        Credit(ledger, context.Sequencer, transfer.Fee);
    }

    /// <summary>Burns amount + fee from the sender (fee to the sequencer) and records the withdrawal receipt.</summary>
    public static void Withdrawal(IOptimisticLedger ledger, in OptimisticRuleContext context, OptimisticWithdrawal withdrawal) =>
        Withdrawal(ledger, context, withdrawal, signatureChecked: false);

    internal static void Withdrawal(IOptimisticLedger ledger, in OptimisticRuleContext context, OptimisticWithdrawal withdrawal, bool signatureChecked)
    {
        if (!signatureChecked && !withdrawal.VerifySignature(context.ChainId, context.RollupId))
            throw SignatureCheckedItem.BadSignatureFor(OptimisticTxKind.Withdrawal);
        Debit(ledger, context, withdrawal.Sender.ToAddress(), withdrawal.Nonce, withdrawal.Amount, withdrawal.Fee);
        Credit(ledger, context.Sequencer, withdrawal.Fee);
        ledger.WriteReceipt(withdrawal.Receipt);
    }

    private static void Debit(IOptimisticLedger ledger, in OptimisticRuleContext context, Address senderAddress, ulong nonce, ulong amount, ulong fee)
    {
        var sender = ledger.ReadAccount(senderAddress);
        if (sender.Nonce != nonce)
            throw new InvalidOptimisticTransactionException(OptimisticTransitionError.BadNonce, $"expected nonce {sender.Nonce}, got {nonce}");
        var required = context.Fees.RequiredFee();
        if (fee < required)
            throw new InvalidOptimisticTransactionException(OptimisticTransitionError.FeeTooLow, $"fee {fee} < required {required}");
        var debit = AddChecked(amount, fee);
        if (sender.Balance < debit)
            throw new InvalidOptimisticTransactionException(OptimisticTransitionError.InsufficientBalance, $"balance {sender.Balance} < amount + fee {debit}");
        // A nonce at u64::MAX cannot advance: refused as a bad nonce (derivation maps it the same way), never an overflow.
        if (sender.Nonce == ulong.MaxValue)
            throw new InvalidOptimisticTransactionException(OptimisticTransitionError.BadNonce, "the sender's nonce is exhausted");
        ledger.WriteAccount(senderAddress, new OptimisticAccount(sender.Balance - debit, sender.Nonce + 1));
    }

    /// <summary>Always reads and writes, even for a zero amount: the account then exists in the state (a (0, 0) leaf).</summary>
    private static void Credit(IOptimisticLedger ledger, Address address, ulong amount)
    {
        var account = ledger.ReadAccount(address);
        ledger.WriteAccount(address, account with { Balance = AddChecked(account.Balance, amount) });
    }

    private static ulong AddChecked(ulong a, ulong b) => ulong.MaxValue - a < b
        ? throw new InvalidOptimisticTransactionException(OptimisticTransitionError.BalanceOverflow, $"{a} + {b} overflows u64")
        : a + b;
}
