using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Client.Views;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.L1.Blobs;
using Lamina.L1.Transactions;
using Lamina.L1.ZkRollups;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Hashing;

namespace Lamina.L2.Zk.Settlement;

/// <summary>
/// L1's ZK settlement module reached through Lamina.Client, as any outsider reaches it: zkl1_getRollup for the proven
/// head and queue, zkl1_getPriorityQueue for queued deposits and forced exits, zkl1_getBatch for accepted batches
/// (their pubdata read from a DA node's da_getNamespaceData and kept only if it hashes to the blob commitment L1
/// recorded), and batch submissions signed by the operator's L1 key with <see cref="ZkRollupTxBuilder"/> (the pubdata
/// rides as the transaction's blob). Without <paramref name="operatorKey"/> it reads only (the rebuilder, exodus).
/// <para>
/// A resend costs no nonce: the signed transaction sent for each batch number is kept (in <paramref name="journal"/>
/// when given, synced before it is sent, so it survives a crash; else in memory), and a resend first asks L1 about
/// it. Pending in the mempool or included: nothing is sent. Unknown to L1 (dropped, or never arrived) with its nonce
/// still unused: the batch is signed again with that same nonce (at today's fees). Only when that nonce was used by
/// something else does the batch take the next free one.
/// </para>
/// </summary>
public sealed class ClientZkSettlement(LaminaRpcClient l1, LaminaRpcClient da, uint rollupId, string chainId, SigningKey? operatorKey = null,
    Operator.ZkOperatorJournal? journal = null) : IZkSettlement
{
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly Dictionary<ulong, byte[]> _sentInMemory = [];

    /// <summary>How many batch transactions this client signed, and how many resends it skipped because L1 already had the last one (tests and metrics).</summary>
    public int Signed { get; private set; }

    public int ResendsSkipped { get; private set; }

    public async Task<ZkL1Status> GetStatusAsync(CancellationToken cancellationToken)
    {
        ZkRollupView r = await l1.GetZkRollupAsync(rollupId, cancellationToken);
        return new ZkL1Status(r.Batches, Digest(r.StateRoot), Digest(r.AccountRoot), r.PriorityRequests, r.PriorityQueueHead, r.Frozen, r.Height ?? 0, r.RejectedBatches);
    }

    public async Task<IReadOnlyList<ZkTransaction>> GetPriorityOpsAsync(ulong fromSerial, int max, CancellationToken cancellationToken)
    {
        var page = await l1.GetZkPriorityQueueAsync(rollupId, fromSerial, max, cancellationToken);
        var ops = new List<ZkTransaction>(page.Items.Count);
        foreach (ZkPriorityView request in page.Items) ops.Add(ZkTransaction.Decode(request.Operation));
        return ops;
    }

    public async Task<ZkL1BatchRecord?> GetBatchAsync(ulong number, CancellationToken cancellationToken)
    {
        ZkBatchView batch;
        try
        {
            batch = await l1.GetZkBatchAsync(rollupId, number, cancellationToken);
        }
        catch (RpcException e) when (e.Code == RpcErrorCodes.NotFound)
        {
            return null;
        }
        byte[] pubdata = await PubdataAsync(batch, cancellationToken);
        // L1 records account roots; the state root binds the priority counter reached after this batch.
        var stateRoot = State.ZkState.ComputeRoot(Digest(batch.NewAccountRoot), batch.FirstPriority + batch.PriorityConsumed);
        // L1's state records the gas it charged; how long a verifier ran is no consensus state, so the L1 node reports
        // its own measurement beside it (null when that node never verified the proof, e.g. it synced the block).
        double? verifyMs = batch.ThisNodeVerifyUs is { } us ? us / 1_000.0 : null;
        return new ZkL1BatchRecord(number, stateRoot, pubdata, batch.L1Height, (int)batch.ProofBytes, verifyMs, batch.Gas);
    }

    public async Task<IReadOnlyList<ZkL1Rejection>> GetRejectionsAsync(ulong fromIndex, int max, CancellationToken cancellationToken)
    {
        var page = await l1.GetZkRejectionsAsync(rollupId, fromIndex, max, cancellationToken);
        var rejections = new List<ZkL1Rejection>(page.Items.Count);
        foreach (ZkRejectionView r in page.Items)
        {
            bool ours = operatorKey is not null && r.Submitter == operatorKey.Address;
            rejections.Add(new ZkL1Rejection(r.Index, r.BatchNumber, r.L1Height, r.TxHash, ours, r.Reason, r.Message, r.Detail));
        }
        return rejections;
    }

    /// <summary>The batch's blob from DA, the one whose bytes hash to the commitment L1 recorded (any other is refused).</summary>
    private async Task<byte[]> PubdataAsync(ZkBatchView batch, CancellationToken cancellationToken)
    {
        JsonNode? answer = await da.GetNamespaceDataAsync(batch.L1Height, Lamina.L1.Rollups.RollupNamespace.Of(rollupId).ToString(), cancellationToken);
        if (answer?["blobs"] is JsonArray blobs)
        {
            foreach (JsonNode? blob in blobs)
            {
                byte[] bytes = Hex.Decode(blob!.GetValue<string>());
                if (BlobCommitment.Of(bytes) == batch.PubdataCommitment) return bytes;
            }
        }
        throw new InvalidDataException($"the DA node holds no blob of rollup {rollupId} at L1 height {batch.L1Height} with batch {batch.Number}'s commitment {batch.PubdataCommitment}");
    }

    public async Task SubmitBatchAsync(ZkBatchSubmission submission, CancellationToken cancellationToken)
    {
        SigningKey key = operatorKey ?? throw new InvalidOperationException("this settlement client has no operator key: it only reads");
        await _sending.WaitAsync(cancellationToken);
        try
        {
            ulong? nonce = await ReusableNonceAsync(key, submission.BatchNumber, cancellationToken);
            if (nonce is null)
            {
                ResendsSkipped++;
                return; // L1 holds the transaction already sent for this batch: sending again would only cost a nonce
            }
            ZkRollupTxBuilder builder = await BuilderAsync(key, nonce.Value, cancellationToken);
            UInt128 blobFee = (await l1.GetBlobFeeAsync(cancellationToken)).NextBaseFeePerBlobGas;
            var tx = builder.Batch(rollupId, submission.BatchNumber, Effects(submission), submission.Pubdata, ZkBatchProof.Decode(submission.Proof),
                checked((ulong)(blobFee * 2 + 1)));
            Remember(submission.BatchNumber, tx.NetworkEncoded);
            Signed++;
            try
            {
                await l1.SendTransactionAsync(tx.NetworkEncoded, cancellationToken);
            }
            catch (RpcException e)
            {
                throw new ZkSubmissionRejectedException(Map(e.Reason), submission.BatchNumber, e.Message, e);
            }
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>
    /// The nonce to sign batch <paramref name="number"/> with, or null when the transaction last sent for it is pending
    /// or included on L1. With none sent before (or its nonce since used by another transaction): the next free nonce.
    /// </summary>
    private async Task<ulong?> ReusableNonceAsync(SigningKey key, ulong number, CancellationToken cancellationToken)
    {
        byte[]? sent = journal?.SentTransaction(number) ?? (_sentInMemory.TryGetValue(number, out var kept) ? kept : null);
        Lamina.Client.Views.AccountView account = await l1.GetAccountAsync(key.Address, cancellation: cancellationToken);
        if (sent is null) return account.PendingNonce;
        Transaction previous = TransactionNetworkForm.Decode(sent);
        Lamina.Client.Views.TransactionView? known = await l1.GetTransactionAsync(previous.Hash, cancellationToken);
        if (known is not null) return null; // pending in the mempool or included (as accepted or as failed: L1's records say which)
        return previous.Nonce >= account.Nonce ? previous.Nonce : account.PendingNonce;
    }

    private void Remember(ulong number, byte[] networkForm)
    {
        if (journal is not null) journal.SaveSentTransaction(number, networkForm);
        else _sentInMemory[number] = networkForm;
    }

    /// <summary>Registers the rollup on L1 (the devnet's operator does this once when L1 does not know it yet) and waits until it is final.</summary>
    public async Task RegisterAsync(RpoDigest genesisAccountRoot, ulong exodusDelayBlocks, CancellationToken cancellationToken)
    {
        SigningKey key = operatorKey ?? throw new InvalidOperationException("registering needs the operator key");
        ulong nonce = (await l1.GetAccountAsync(key.Address, cancellation: cancellationToken)).PendingNonce;
        var tx = (await BuilderAsync(key, nonce, cancellationToken)).Register(new ZkRollupConfig(rollupId, genesisAccountRoot, ZkAirVersions.Current, exodusDelayBlocks));
        Hash256 hash = await l1.SendTransactionAsync(tx.Encoded, cancellationToken);
        var final = await l1.WaitFinalAsync(hash, TimeSpan.FromSeconds(60), cancellation: cancellationToken);
        if (final is not { IsIncluded: true }) throw new IOException($"registering ZK rollup {rollupId} was not final within 60 s");
    }

    private async Task<ZkRollupTxBuilder> BuilderAsync(SigningKey key, ulong nonce, CancellationToken cancellationToken)
    {
        ulong baseFee = (await l1.GetFeeInfoAsync(cancellationToken)).BaseFeePerGas;
        return new ZkRollupTxBuilder(key, chainId, nonce, checked(baseFee * 2 + 2), 2);
    }

    /// <summary>The effects L1 applies, derived from the pubdata as L1 derives them (an undecodable blob declares none: L1 refuses it either way).</summary>
    private static ZkBatchEffects Effects(ZkBatchSubmission s)
    {
        try
        {
            return ZkBatchEffects.FromPubdata(s.NewAccountRoot, PubdataCodec.Decode(s.Pubdata), s.FirstPrioritySerial);
        }
        catch (CodecException)
        {
            return new ZkBatchEffects(s.NewAccountRoot, 0, [], []);
        }
    }

    private static ZkSettlementRejection Map(string? reason) => reason switch
    {
        nameof(ZkRollupError.BatchOutOfOrder) or "batchOutOfOrder" => ZkSettlementRejection.WrongBatchNumber,
        nameof(ZkRollupError.Frozen) or "frozen" => ZkSettlementRejection.Frozen,
        _ => ZkSettlementRejection.Refused,
    };

    private static RpoDigest Digest(Hash256 hash)
    {
        Span<byte> bytes = stackalloc byte[Hash256.Size];
        hash.CopyTo(bytes);
        return RpoDigest.FromBytes(bytes);
    }
}
