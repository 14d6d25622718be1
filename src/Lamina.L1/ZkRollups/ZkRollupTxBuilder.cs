using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Transactions;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Hashing;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// Signs the ZK rollups module's transactions for one L1 sender with consecutive nonces: what the operator, a
/// wallet or the CLI use, then submit with <c>LaminaRpcClient.SendTransactionAsync</c> (a batch in its network form,
/// <c>Transaction.NetworkEncoded</c>, which carries the pubdata blob). Start it from the sender's pending nonce
/// (<c>l1_getAccount</c>) and fees from <c>l1_feeInfo</c>; the gas limit of each is its kind's intrinsic gas (a
/// batch's prices its verification, <see cref="ZkVerificationGas"/>), which is all it uses.
/// </summary>
public sealed class ZkRollupTxBuilder(SigningKey key, string chainId, ulong nextNonce, ulong maxFeePerGas, ulong maxPriorityFeePerGas)
{
    public Address Sender => key.Address;
    public string ChainId => chainId;

    /// <summary>The nonce the next transaction built will carry.</summary>
    public ulong NextNonce { get; private set; } = nextNonce;

    public Transaction Register(ZkRollupConfig config) => Sign(new ZkRegisterPayload(config));

    public Transaction Deposit(uint rollupId, uint to, ZkPublicKey key, ulong amount) => Sign(new ZkDepositPayload(rollupId, to, key, amount));

    /// <summary>A forced exit signed by the account's ZK key (the L1 sender may be anyone).</summary>
    public Transaction ForcedExit(uint rollupId, uint account, Address recipient, uint nonce, ZkSigningKey accountKey)
        => Sign(ZkForcedExitPayload.Sign(rollupId, account, recipient, nonce, accountKey, new ZkRollupDomain(chainId, rollupId)));

    /// <summary>
    /// Submits a proven batch: its pubdata becomes the carried blob, its effects are derived from the pubdata
    /// (<paramref name="firstPrioritySerial"/> is the rollup's <c>priorityProcessed</c> before the batch, which is
    /// also <c>OldStateRoot</c>'s counter), and <paramref name="maxFeePerBlobGas"/> caps the blob fee.
    /// </summary>
    public Transaction Batch(uint rollupId, ZkProvenBatch proven, ulong firstPrioritySerial, ulong maxFeePerBlobGas)
    {
        ArgumentNullException.ThrowIfNull(proven);
        var effects = ZkBatchEffects.FromPubdata(proven.Result.State.Accounts.Root, proven.Result.Ops, firstPrioritySerial);
        return Batch(rollupId, proven.BatchNumber, effects, proven.Result.Pubdata, proven.Proof, maxFeePerBlobGas);
    }

    /// <summary>Any batch submission, effects as given (tests and the operator's fault injection use this).</summary>
    public Transaction Batch(uint rollupId, ulong batchNumber, ZkBatchEffects effects, byte[] pubdata, ZkBatchProof proof, ulong maxFeePerBlobGas)
        => Sign(new ZkBatchPayload(rollupId, batchNumber, effects, maxFeePerBlobGas, pubdata, proof));

    /// <summary>An exodus claim from a frozen rollup, signed by the account's ZK key.</summary>
    public Transaction Exodus(uint rollupId, uint account, AccountLeaf leaf, IReadOnlyList<RpoDigest> siblings, Address recipient, ZkSigningKey accountKey)
        => Sign(ZkExodusPayload.Sign(rollupId, account, leaf, siblings, recipient, accountKey, new ZkRollupDomain(chainId, rollupId)));

    public Transaction Refund(uint rollupId, ulong serial) => Sign(new ZkRefundPayload(rollupId, serial));

    /// <summary>Signs any payload with the next nonce.</summary>
    public Transaction Sign(TxPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var tx = Transaction.Create(key, chainId, NextNonce, maxFeePerGas, maxPriorityFeePerGas, payload.IntrinsicGas, payload);
        NextNonce = checked(NextNonce + 1);
        return tx;
    }
}
