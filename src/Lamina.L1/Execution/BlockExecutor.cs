using Lamina.Core;
using Lamina.L1.Blocks;
using Lamina.L1.State;
using Lamina.L1.Transactions;

namespace Lamina.L1.Execution;

/// <summary>
/// Applies transactions to state. Signatures, the expensive part, are checked in parallel across cores first;
/// state changes then run in block order on one thread, because their order is the consensus.
/// </summary>
public sealed class BlockExecutor(string chainId, ChainParameters parameters)
{
    public string ChainId { get; } = chainId;
    public ChainParameters Parameters { get; } = parameters;

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

        var transfer = (TransferPayload)tx.Payload;
        // MaxCost checked balance ≥ gasLimit·maxFee + amount ≥ fee + amount, so these subtractions cannot underflow.
        var senderAfter = new Account(checked(sender.Balance - fee - transfer.Amount), checked(sender.Nonce + 1));
        state.SetAccount(tx.From, senderAfter);

        var recipient = state.GetAccount(transfer.To);
        state.SetAccount(transfer.To, recipient with { Balance = checked(recipient.Balance + transfer.Amount) });

        if (tip > UInt128.Zero)
        {
            var p = state.GetAccount(proposer);
            state.SetAccount(proposer, p with { Balance = checked(p.Balance + tip) });
        }
        return new Receipt(tx.Hash, height, index, gasUsed, price, burned, tip);
    }

    /// <summary>
    /// Re-executes a whole block's transactions, as a validator does for a block it did not build.
    /// Throws <see cref="InvalidBlockException"/> naming the first transaction that breaks a rule.
    /// </summary>
    public (List<Receipt> Receipts, ulong GasUsed) ExecuteBlock(WorldState state, BlockHeader header, IReadOnlyList<Transaction> txs)
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
        if (gas > Parameters.BlockGasLimit) throw new InvalidBlockException(BlockError.GasLimitExceeded, $"block uses {gas} gas, the limit is {Parameters.BlockGasLimit}");
        if (bytes > Parameters.MaxBlockBytes) throw new InvalidBlockException(BlockError.SizeLimitExceeded, $"block carries {bytes} bytes of transactions, the limit is {Parameters.MaxBlockBytes}");
        return (receipts, gas);
    }
}
