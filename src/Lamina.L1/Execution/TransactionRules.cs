using Lamina.L1.Modules;
using Lamina.L1.State;
using Lamina.L1.Transactions;

namespace Lamina.L1.Execution;

/// <summary>
/// The checks a transaction must pass, shared by the mempool (at admission) and block execution (at inclusion),
/// so a transaction the mempool accepts is one a block can carry.
/// </summary>
public static class TransactionRules
{
    /// <summary>Checks that need no state: chain, size, fee fields, gas. Signature checking is separate (it is the cost).</summary>
    public static void CheckStateless(Transaction tx, string chainId, ChainParameters parameters)
    {
        if (tx.ChainId != chainId) throw Reject(TxRejectReason.WrongChainId, $"transaction is for chain '{tx.ChainId}', this is '{chainId}'");
        if (tx.Size > parameters.MaxBlockBytes) throw Reject(TxRejectReason.Oversize, $"transaction is {tx.Size} bytes, larger than a block may be");
        if (tx.MaxPriorityFeePerGas > tx.MaxFeePerGas) throw Reject(TxRejectReason.InvalidFeeFields, "max priority fee exceeds max fee");
        if (tx.GasLimit < tx.Payload.IntrinsicGas) throw Reject(TxRejectReason.GasLimitTooLow, $"gas limit {tx.GasLimit} is below the {tx.Payload.IntrinsicGas} this transaction needs");
        if (tx.GasLimit > parameters.BlockGasLimit) throw Reject(TxRejectReason.GasLimitTooHigh, $"gas limit {tx.GasLimit} exceeds the block gas limit {parameters.BlockGasLimit}");
        TxFormats.Of(tx.Payload).CheckStateless(tx.Payload);
    }

    public static void CheckSignature(Transaction tx)
    {
        if (!tx.HasValidSignature()) throw Reject(TxRejectReason.BadSignature, "signature does not verify for the sender's key");
    }

    /// <summary>The most a transaction can cost its sender: gas limit × max fee + the value its kind can move.</summary>
    public static UInt128 MaxCost(Transaction tx)
    {
        var gas = (UInt128)tx.GasLimit * tx.MaxFeePerGas;
        var value = TxFormats.Of(tx.Payload).ValueAtRisk(tx.Payload);
        if (UInt128.MaxValue - gas < value) throw Reject(TxRejectReason.Overflow, "gas cost plus value overflows");
        return gas + value;
    }

    public static void CheckFee(Transaction tx, ulong baseFee, ulong minTip)
    {
        if (tx.MaxFeePerGas < baseFee) throw Reject(TxRejectReason.FeeTooLow, $"max fee per gas {tx.MaxFeePerGas} is below the base fee {baseFee}; raise --max-fee");
        if (FeeMarket.EffectiveTip(tx.MaxFeePerGas, tx.MaxPriorityFeePerGas, baseFee) < minTip) throw Reject(TxRejectReason.FeeTooLow, $"tip is below the minimum of {minTip} per gas");
    }

    public static void CheckNonceAndBalance(Transaction tx, Account account)
    {
        if (tx.Nonce < account.Nonce) throw Reject(TxRejectReason.NonceTooLow, $"nonce {tx.Nonce} is already used; the account's next nonce is {account.Nonce}");
        if (tx.Nonce > account.Nonce) throw Reject(TxRejectReason.NonceGap, $"nonce {tx.Nonce} leaves a gap; the account's next nonce is {account.Nonce}");
        if (account.Balance < MaxCost(tx)) throw Reject(TxRejectReason.InsufficientBalance, $"balance {account.Balance} cannot cover gas limit × max fee + value = {MaxCost(tx)}");
    }

    internal static TransactionRejectedException Reject(TxRejectReason reason, string message) => new(reason, message);
}
