using Lamina.Core;
using Lamina.L1.Blocks;
using Lamina.L1.Staking;
using Lamina.L1.State;
using Lamina.L1.Transactions;

namespace Lamina.L1.Execution;

/// <summary>
/// Applies transactions to state. Signatures, the expensive part, are checked in parallel across cores first;
/// state changes then run in block order on one thread, because their order is the consensus.
/// </summary>
public sealed class BlockExecutor(string chainId, ChainParameters parameters, StakingParameters? staking = null)
{
    public string ChainId { get; } = chainId;
    public ChainParameters Parameters { get; } = parameters;
    public StakingModule Staking { get; } = new(staking ?? StakingParameters.Default);

    /// <summary>Index of the first transaction whose signature fails, or −1 when all verify.</summary>
    public static int FirstBadSignature(IReadOnlyList<Transaction> txs)
    {
        if (txs.Count == 0) return -1;
        var bad = int.MaxValue;
        // Static range partitions: one contiguous chunk per core keeps scheduling overhead off the hot path.
        var workers = Math.Min(Environment.ProcessorCount, Math.Max(1, txs.Count / 64));
        var chunk = (txs.Count + workers - 1) / workers;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            var end = Math.Min(txs.Count, (w + 1) * chunk);
            for (var i = w * chunk; i < end; i++)
            {
                if (!txs[i].HasValidSignature())
                {
                    InterlockedMin(ref bad, i);
                    return;
                }
            }
        });
        return bad == int.MaxValue ? -1 : bad;
    }

    private static void InterlockedMin(ref int target, int value)
    {
        int current;
        while (value < (current = Volatile.Read(ref target)))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current) return;
        }
    }

    /// <summary>
    /// Applies one transaction whose signature is already verified. Throws <see cref="TransactionRejectedException"/>
    /// and leaves the state untouched when the transaction cannot be applied.
    /// </summary>
    public Receipt Apply(WorldState state, Transaction tx, ulong height, uint index, ulong baseFee, Address proposer)
    {
        TransactionRules.CheckStateless(tx, ChainId, Parameters);
        TransactionRules.CheckFee(tx, baseFee, 0);
        var sender = state.GetAccount(tx.From);
        TransactionRules.CheckNonceAndBalance(tx, sender);

        var gasUsed = tx.Payload.IntrinsicGas;
        var tipPerGas = FeeMarket.EffectiveTip(tx.MaxFeePerGas, tx.MaxPriorityFeePerGas, baseFee);
        var price = checked(baseFee + tipPerGas);
        var burned = (UInt128)gasUsed * baseFee;
        var tip = (UInt128)gasUsed * tipPerGas;
        var fee = checked(burned + tip);

        // The payload runs first: its own checks throw before it writes, so a refused payload costs nothing.
        ApplyPayload(state, tx, height);

        // MaxCost checked balance ≥ gasLimit·maxFee + value ≥ fee + value, so the fee cannot underflow.
        var payer = state.GetAccount(tx.From);
        state.SetAccount(tx.From, new Account(checked(payer.Balance - fee), checked(payer.Nonce + 1)));

        if (tip > UInt128.Zero)
        {
            var p = state.GetAccount(proposer);
            state.SetAccount(proposer, p with { Balance = checked(p.Balance + tip) });
        }
        return new Receipt(tx.Hash, height, index, gasUsed, price, burned, tip);
    }

    /// <summary>End-of-block work: validator-set changes at epoch boundaries or after a jailing.</summary>
    public void FinishBlock(WorldState state, ulong height, bool someoneJailed) => Staking.EndBlock(state, height, someoneJailed);

    private void ApplyPayload(WorldState state, Transaction tx, ulong height)
    {
        switch (tx.Payload)
        {
            case TransferPayload transfer:
                var sender = state.GetAccount(tx.From);
                state.SetAccount(tx.From, sender with { Balance = checked(sender.Balance - transfer.Amount) });
                var recipient = state.GetAccount(transfer.To);
                state.SetAccount(transfer.To, recipient with { Balance = checked(recipient.Balance + transfer.Amount) });
                break;
            case StakePayload stake:
                Staking.Stake(state, tx, stake.Amount);
                break;
            case UnstakePayload unstake:
                Staking.Unstake(state, tx.From, unstake.Amount, height);
                break;
            case UnjailPayload:
                Staking.Unjail(state, tx.From, height);
                break;
            case WithdrawUnbondedPayload:
                Staking.WithdrawUnbonded(state, tx.From, height);
                break;
            default:
                throw new TransactionRejectedException(TxRejectReason.Malformed, $"transaction kind {tx.Payload.Kind} cannot be executed");
        }
    }

    /// <summary>
    /// Re-executes a whole block's transactions, as a validator does for a block it did not build.
    /// Throws <see cref="InvalidBlockException"/> naming the first transaction that breaks a rule.
    /// </summary>
    public (List<Receipt> Receipts, ulong GasUsed) ExecuteBlock(WorldState state, BlockHeader header, IReadOnlyList<Transaction> txs, bool someoneJailed = false)
    {
        var badSig = FirstBadSignature(txs);
        if (badSig >= 0) throw new InvalidBlockException(BlockError.BadTransaction, $"transaction {badSig} has a bad signature");
        var receipts = new List<Receipt>(txs.Count);
        ulong gas = 0;
        long bytes = 0;
        for (var i = 0; i < txs.Count; i++)
        {
            try
            {
                receipts.Add(Apply(state, txs[i], header.Height, (uint)i, header.BaseFeePerGas, header.Proposer));
            }
            catch (TransactionRejectedException e)
            {
                throw new InvalidBlockException(BlockError.BadTransaction, $"transaction {i} ({txs[i].Hash}) is invalid: {e.Message}");
            }
            gas = checked(gas + receipts[^1].GasUsed);
            bytes += txs[i].Size;
        }
        FinishBlock(state, header.Height, someoneJailed);
        if (gas > Parameters.BlockGasLimit) throw new InvalidBlockException(BlockError.GasLimitExceeded, $"block uses {gas} gas, the limit is {Parameters.BlockGasLimit}");
        if (bytes > Parameters.MaxBlockBytes) throw new InvalidBlockException(BlockError.SizeLimitExceeded, $"block carries {bytes} bytes of transactions, the limit is {Parameters.MaxBlockBytes}");
        return (receipts, gas);
    }
}
