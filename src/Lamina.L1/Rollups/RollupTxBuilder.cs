using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups;

/// <summary>
/// Signs the rollups module's transactions for one sender with consecutive nonces: what the sequencer's batcher,
/// the proposer, a bridge user or the CLI use, then submit with <c>LaminaRpcClient.SendTransactionAsync(tx.Encoded)</c>.
/// Start it from the sender's pending nonce (<c>l1_getAccount</c>) and fees from <c>l1_feeInfo</c>; the gas limit
/// of each is its kind's intrinsic gas, which is all it uses.
/// </summary>
public sealed class RollupTxBuilder(SigningKey key, string chainId, ulong nextNonce, ulong maxFeePerGas, ulong maxPriorityFeePerGas)
{
    public Address Sender => key.Address;

    /// <summary>The nonce the next transaction built will carry.</summary>
    public ulong NextNonce { get; private set; } = nextNonce;

    public Transaction Register(RollupConfig config) => Sign(new RollupRegisterPayload(config));

    public Transaction Deposit(ulong rollupId, Address l2Recipient, ulong amount) => Sign(new RollupDepositPayload(rollupId, l2Recipient, amount));

    public Transaction ForceInclude(ulong rollupId, OptimisticTransfer transfer) => Sign(RollupForceIncludePayload.Transfer(rollupId, transfer));

    public Transaction ForceInclude(ulong rollupId, OptimisticWithdrawal withdrawal) => Sign(RollupForceIncludePayload.Withdrawal(rollupId, withdrawal));

    public Transaction Batch(ulong rollupId, ulong batchNumber, params BlobLocation[] blobs) => Sign(new RollupBatchPayload(rollupId, batchNumber, blobs));

    /// <summary>Posts an output; <paramref name="bond"/> must be the rollup's proposer bond (<c>rollup_get</c>).</summary>
    public Transaction Output(ulong rollupId, OptimisticOutput output, UInt128 bond) => Sign(new RollupOutputPayload(rollupId, output.L2BlockNumber, output.Root, bond));

    public Transaction Withdraw(ulong rollupId, ulong outputIndex, OptimisticWithdrawalReceipt receipt, OptimisticWithdrawalProof proof)
        => Sign(new RollupWithdrawPayload(rollupId, outputIndex, receipt, proof));

    /// <summary>Signs any payload with the next nonce.</summary>
    public Transaction Sign(TxPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var tx = Transaction.Create(key, chainId, NextNonce, maxFeePerGas, maxPriorityFeePerGas, payload.IntrinsicGas, payload);
        NextNonce = checked(NextNonce + 1);
        return tx;
    }
}
