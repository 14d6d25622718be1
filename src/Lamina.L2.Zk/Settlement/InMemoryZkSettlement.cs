using System.Diagnostics;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Hashing;
using Lamina.Stark.Proofs;

namespace Lamina.L2.Zk.Settlement;

/// <summary>
/// L1's side of the ZK rollup in memory, for unit tests and simulation: a priority queue, the proven root, and batch
/// acceptance with the same checks the L1 module makes (next number, pubdata against its commitment, the batch
/// verifier with L1's queue), answering each refusal with a typed <see cref="ZkSubmissionRejectedException"/>.
/// Every accepted batch is one "L1 block"; withdrawals are credited in it. Thread-safe.
/// </summary>
public sealed class InMemoryZkSettlement(ZkRollupDomain domain, int minimumSecurityBits) : IZkSettlement
{
    private readonly Lock _gate = new();
    private readonly List<ZkTransaction> _queue = [];
    private readonly List<ZkL1BatchRecord> _batches = [];
    private readonly List<(Address Recipient, ulong Amount, ulong L1Height)> _credited = [];
    private readonly List<ZkBatchSubmission> _received = [];
    private RpoDigest _accountRoot = AccountTree.EmptyRoot;
    private ulong _processed, _height;
    private bool _frozen;

    /// <summary>Every submission received, accepted or not, in arrival order (what a test checks for duplicates).</summary>
    public IReadOnlyList<ZkBatchSubmission> Received { get { lock (_gate) return [.. _received]; } }

    /// <summary>Withdrawals and forced exits paid out on L1, with the height of the block whose batch paid them.</summary>
    public IReadOnlyList<(Address Recipient, ulong Amount, ulong L1Height)> Credited { get { lock (_gate) return [.. _credited]; } }

    public DepositOp QueueDeposit(uint to, ZkPublicKey key, ulong amount)
    {
        lock (_gate)
        {
            var op = new DepositOp((ulong)_queue.Count, to, key, amount);
            _queue.Add(op);
            _height++;
            return op;
        }
    }

    public void QueueForcedExit(Func<ulong, ForcedExitOp> create)
    {
        lock (_gate)
        {
            _queue.Add(create((ulong)_queue.Count));
            _height++;
        }
    }

    public void Freeze()
    {
        lock (_gate) _frozen = true;
    }

    public Task<ZkL1Status> GetStatusAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(new ZkL1Status((ulong)_batches.Count, ZkState.ComputeRoot(_accountRoot, _processed), _accountRoot,
                (ulong)_queue.Count, _processed, _frozen, _height));
        }
    }

    public Task<ZkL1BatchRecord?> GetBatchAsync(ulong number, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(number < (ulong)_batches.Count ? _batches[(int)number] : null);
    }

    public Task<IReadOnlyList<ZkTransaction>> GetPriorityOpsAsync(ulong fromSerial, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var ops = new List<ZkTransaction>();
            for (ulong s = fromSerial; s < (ulong)_queue.Count && ops.Count < max; s++) ops.Add(_queue[(int)s]);
            return Task.FromResult<IReadOnlyList<ZkTransaction>>(ops);
        }
    }

    public Task SubmitBatchAsync(ZkBatchSubmission submission, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _received.Add(submission);
            Accept(submission);
        }
        return Task.CompletedTask;
    }

    private void Accept(ZkBatchSubmission s)
    {
        ulong n = s.BatchNumber;
        if (_frozen) throw new ZkSubmissionRejectedException(ZkSettlementRejection.Frozen, n, "the rollup is frozen in exodus mode");
        if (n != (ulong)_batches.Count)
            throw new ZkSubmissionRejectedException(ZkSettlementRejection.WrongBatchNumber, n, $"L1 expects batch {_batches.Count}");
        if (s.FirstPrioritySerial != _processed)
            throw new ZkSubmissionRejectedException(ZkSettlementRejection.PriorityQueue, n, $"the batch starts at priority serial {s.FirstPrioritySerial}, L1 at {_processed}");
        IReadOnlyList<PubdataOp> ops;
        try
        {
            ops = s.DecodePubdata();
        }
        catch (CodecException e)
        {
            throw new ZkSubmissionRejectedException(ZkSettlementRejection.MalformedPubdata, n, e.Message, e);
        }
        if (PubdataCodec.Commitment(ops) != s.PubdataCommitment)
            throw new ZkSubmissionRejectedException(ZkSettlementRejection.PubdataMismatch, n, "the blob does not hash to the claimed pubdata commitment");
        ZkBatchProof proof;
        try
        {
            proof = ZkBatchProof.Decode(s.Proof);
        }
        catch (CodecException e)
        {
            throw new ZkSubmissionRejectedException(ZkSettlementRejection.MalformedProof, n, e.Message, e);
        }
        var pending = _queue.GetRange((int)_processed, _queue.Count - (int)_processed);
        int consumed;
        var clock = Stopwatch.StartNew();
        try
        {
            consumed = ZkBatchVerifier.Verify(domain, _accountRoot, s.NewAccountRoot, n, ops, pending, proof, minimumSecurityBits);
        }
        catch (InvalidProofException e)
        {
            throw new ZkSubmissionRejectedException(ZkSettlementRejection.InvalidProof, n, e.Message, e);
        }
        catch (InvalidZkBatchException e)
        {
            throw new ZkSubmissionRejectedException(ZkSettlementRejection.PriorityQueue, n, e.Message, e);
        }
        double verifyMs = clock.Elapsed.TotalMilliseconds;
        _height++;
        _accountRoot = s.NewAccountRoot;
        _processed += (ulong)consumed;
        foreach (PubdataOp op in ops)
        {
            if (op.Applied && op.Kind is ZkTxKind.Withdrawal or ZkTxKind.ForcedExit) _credited.Add((op.Recipient, op.Amount, _height));
        }
        _batches.Add(new ZkL1BatchRecord(n, ZkState.ComputeRoot(_accountRoot, _processed), s.Pubdata, _height, s.Proof.Length, verifyMs));
    }
}
