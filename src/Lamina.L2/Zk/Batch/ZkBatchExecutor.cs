using System.Numerics;
using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;
using Lamina.Stark.Hashing;
using Lamina.L2.Zk.Transactions;

namespace Lamina.L2.Zk.Batch;

/// <summary>
/// The native state transition the batch proof attests: applies operations in order to a <see cref="ZkState"/>,
/// checking every rule (keys, signatures, nonces, balances and their 2^62 limit, priority serials) before
/// touching the state, and records the pubdata. A user transaction that breaks a rule is refused with an
/// <see cref="InvalidZkTransactionException"/> and leaves the state as it was; priority operations (which the
/// operator may not skip) are consumed even when they cannot take effect.
/// </summary>
public sealed class ZkBatchExecutor(ZkRollupDomain domain)
{
    public ZkRollupDomain Domain { get; } = domain;

    /// <summary>Applies one operation; <paramref name="position"/> is only for the error message.</summary>
    public PubdataOp Apply(ZkState state, ZkTransaction tx, int position = 0)
    {
        return tx switch
        {
            TransferTx t => ApplyTransfer(state, t, position),
            TransferToNewTx t => ApplyTransferToNew(state, t, position),
            WithdrawalTx t => ApplyWithdrawal(state, t, position),
            DepositOp d => ApplyDeposit(state, d, position),
            ForcedExitOp f => ApplyForcedExit(state, f, position),
            _ => throw new ArgumentException($"unknown transaction type {tx.GetType().Name}", nameof(tx)),
        };
    }

    /// <summary>Applies a whole batch to <paramref name="state"/>, all or nothing on a copy; returns the new state and pubdata.</summary>
    public ZkBatchResult ApplyBatch(ZkState state, IReadOnlyList<ZkTransaction> txs)
    {
        ZkState next = state.Clone();
        var ops = new List<PubdataOp>(txs.Count);
        for (int i = 0; i < txs.Count; i++)
        {
            ops.Add(Apply(next, txs[i], i));
        }
        return new ZkBatchResult(next, ops);
    }

    private PubdataOp ApplyTransfer(ZkState state, TransferTx tx, int position)
    {
        AccountTree tree = state.Accounts;
        AccountLeaf sender = Signed(tree, tx, position);
        if (tx.To == tx.From) throw Fail(ZkTxError.SelfTransfer, tx, position, "sender and recipient are the same account");
        AccountLeaf to = tree.Get(tx.To);
        if (to.IsEmpty) throw Fail(ZkTxError.UnknownAccount, tx, position, $"recipient {tx.To} has no account (use a transfer to a new account)");
        ulong amount = Spend(sender, tx.Amount.Value, tx, position);
        ulong credited = Credit(to, amount, tx, position);
        tree.Set(tx.From, sender with { Balance = sender.Balance - amount, Nonce = sender.Nonce + 1 });
        tree.Set(tx.To, to with { Balance = credited });
        return PubdataOp.Transfer(tx.From, tx.To, tx.Amount);
    }

    private PubdataOp ApplyTransferToNew(ZkState state, TransferToNewTx tx, int position)
    {
        AccountTree tree = state.Accounts;
        AccountLeaf sender = Signed(tree, tx, position);
        if (tx.To == tx.From) throw Fail(ZkTxError.SelfTransfer, tx, position, "sender and recipient are the same account");
        if (!tree.Get(tx.To).IsEmpty) throw Fail(ZkTxError.SlotOccupied, tx, position, $"slot {tx.To} already holds an account");
        if (SchnorrProvability.CheckKey(tx.ToKey) is not null) throw Fail(ZkTxError.UnprovableKey, tx, position, "the new account's key is ±G (secret ±1), under which no signature can be proven");
        ulong amount = Spend(sender, tx.Amount.Value, tx, position);
        tree.Set(tx.From, sender with { Balance = sender.Balance - amount, Nonce = sender.Nonce + 1 });
        tree.Set(tx.To, new AccountLeaf(tx.ToKey, amount, 0));
        return PubdataOp.TransferToNew(tx.From, tx.To, tx.Amount, tx.ToKey);
    }

    private PubdataOp ApplyWithdrawal(ZkState state, WithdrawalTx tx, int position)
    {
        AccountTree tree = state.Accounts;
        AccountLeaf sender = Signed(tree, tx, position);
        ulong amount = Spend(sender, tx.Amount, tx, position);
        tree.Set(tx.From, sender with { Balance = sender.Balance - amount, Nonce = sender.Nonce + 1 });
        return PubdataOp.Withdrawal(tx.From, amount, tx.Recipient);
    }

    private static PubdataOp ApplyDeposit(ZkState state, DepositOp op, int position)
    {
        CheckSerial(state, op, op.Serial, position);
        if (op.Amount > AccountLeaf.MaxBalance) throw Fail(ZkTxError.AmountAboveLimit, op, position, "deposit above the 2^62 limit");
        state.PriorityOpsProcessed++;
        AccountLeaf to = state.Accounts.Get(op.To);
        if (!DepositApplies(to, op))
        {
            return PubdataOp.Deposit(op.To, op.Amount, op.Key, applied: false);
        }
        state.Accounts.Set(op.To, new AccountLeaf(op.Key, to.Balance + op.Amount, to.Nonce));
        return PubdataOp.Deposit(op.To, op.Amount, op.Key, applied: true);
    }

    private PubdataOp ApplyForcedExit(ZkState state, ForcedExitOp op, int position)
    {
        CheckSerial(state, op, op.Serial, position);
        state.PriorityOpsProcessed++;
        AccountLeaf account = state.Accounts.Get(op.Account);
        if (!ForcedExitApplies(account, op))
        {
            return PubdataOp.ForcedExit(op.Account, 0, op.Recipient, applied: false);
        }
        state.Accounts.Set(op.Account, account with { Balance = 0, Nonce = account.Nonce + 1 });
        return PubdataOp.ForcedExit(op.Account, account.Balance, op.Recipient, applied: true);
    }

    /// <summary>
    /// Whether a deposit takes effect on the leaf it targets: the slot is empty or holds the deposit's key, the key is
    /// not ±G (no signature under it could be proven, so the funds could never leave), and the balance stays within
    /// the limit. Otherwise it is refunded. The batch verifier applies the same rule to the
    /// leaf a refused deposit's proof opens, so the operator cannot refund a deposit that should have been credited.
    /// </summary>
    public static bool DepositApplies(AccountLeaf to, DepositOp op) =>
        op.Amount <= AccountLeaf.MaxBalance && (to.IsEmpty || to.Key == op.Key) && to.Balance <= AccountLeaf.MaxBalance - op.Amount
        && SchnorrProvability.CheckKey(op.Key) is null;

    /// <summary>
    /// Whether a forced exit takes effect on its account's leaf: the account exists, its nonce is the signed one (and
    /// not exhausted) and the signature verifies under its key and can be proven (<see cref="SchnorrProvability"/>: L1
    /// queues forced exits the operator may not skip, so an unprovable one applied would stall the rollup). Otherwise it
    /// is stale or invalid and consumed without effect; the batch verifier checks the same rule against the leaf the
    /// proof opens.
    /// </summary>
    public bool ForcedExitApplies(AccountLeaf account, ForcedExitOp op) =>
        !account.IsEmpty && account.Nonce == op.Nonce && op.Nonce != uint.MaxValue
        && SignatureError(account.Key!.Value, op.SigningMessage(Domain), op.Signature) is null;

    /// <summary>The signer's account after the key, signature and nonce checks.</summary>
    private AccountLeaf Signed(AccountTree tree, SignedZkTransaction tx, int position)
    {
        AccountLeaf signer = tree.Get(tx.Signer);
        if (signer.IsEmpty) throw Fail(ZkTxError.UnknownAccount, tx, position, $"account {tx.Signer} does not exist");
        if (tx.Nonce != signer.Nonce) throw Fail(ZkTxError.WrongNonce, tx, position, $"nonce {tx.Nonce}, account expects {signer.Nonce}");
        if (signer.Nonce == uint.MaxValue) throw Fail(ZkTxError.NonceExhausted, tx, position, "the account has used every nonce");
        switch (SignatureError(signer.Key!.Value, tx.SigningMessage(Domain), tx.Signature))
        {
            case ZkTxError.BadSignature: throw Fail(ZkTxError.BadSignature, tx, position, "signature does not verify under the account key");
            case ZkTxError.UnprovableKey: throw Fail(ZkTxError.UnprovableKey, tx, position, "the account key is ±G (secret ±1), under which no signature can be proven");
            case ZkTxError error: throw Fail(error, tx, position, "the signature verifies but the signature AIR cannot prove it (exceptional addition or result at the offset)");
        }
        return signer;
    }

    /// <summary>
    /// Null if the signature verifies under the key and the batch AIR can prove it; otherwise
    /// <see cref="ZkTxError.BadSignature"/>, <see cref="ZkTxError.UnprovableKey"/> or <see cref="ZkTxError.UnprovableSignature"/>.
    /// The executor refuses exactly what the prover could not prove, so no admitted transaction makes a batch unprovable.
    /// </summary>
    public static ZkTxError? SignatureError(ZkPublicKey key, RpoDigest message, ZkSignature signature)
    {
        if (signature.R.IsZero) return ZkTxError.BadSignature;
        BigInteger challenge = SchnorrRpo.Challenge(signature.R, key.W, message);
        // The provability walk ends at 2^Steps·H + s·G − e·Q, so a provable statement's verification point comes
        // from it (one walk instead of the walk and two scalar multiplications); the rare unprovable ones (where
        // a bad signature must still read as BadSignature) take the two-step path.
        if (SchnorrProvability.Check(key.Point, signature.S, challenge, out EcGfp5Point signedPoint) is null)
        {
            return signedPoint.Encode() == signature.R ? null : ZkTxError.BadSignature;
        }
        if (!SchnorrRpo.Verify(key, message, signature)) return ZkTxError.BadSignature;
        return SchnorrProvability.Check(key, signature.S, challenge) switch
        {
            null => null,
            SchnorrUnprovable.KeyIsGenerator => ZkTxError.UnprovableKey,
            _ => ZkTxError.UnprovableSignature,
        };
    }

    private static ulong Spend(AccountLeaf sender, ulong amount, ZkTransaction tx, int position)
    {
        if (amount == 0) throw Fail(ZkTxError.ZeroAmount, tx, position, "amount is zero");
        if (amount > sender.Balance) throw Fail(ZkTxError.InsufficientBalance, tx, position, $"amount {amount} exceeds balance {sender.Balance}");
        return amount;
    }

    private static ulong Credit(AccountLeaf to, ulong amount, ZkTransaction tx, int position)
    {
        if (to.Balance > AccountLeaf.MaxBalance - amount) throw Fail(ZkTxError.BalanceOverflow, tx, position, "recipient balance would pass 2^62 − 1");
        return to.Balance + amount;
    }

    private static void CheckSerial(ZkState state, ZkTransaction op, ulong serial, int position)
    {
        if (serial != state.PriorityOpsProcessed)
        {
            throw Fail(ZkTxError.WrongPrioritySerial, op, position, $"priority serial {serial}, next expected {state.PriorityOpsProcessed}");
        }
    }

    private static InvalidZkTransactionException Fail(ZkTxError error, ZkTransaction tx, int position, string message) =>
        new(error, tx.Kind, position, message);
}
