using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Transactions;
using Lamina.L1.ZkRollups;
using Lamina.L2.Zk.Operator;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.Settlement;
using Lamina.L2.Zk.Transactions;
using Lamina.Storage;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// The ZK operator in the whole-node simulation (<see cref="ZkScenario"/>): the real <see cref="ZkOperator"/> and
/// <see cref="ZkOperatorCore"/>, journaling to a store that outlives its crashes, reaching L1 through the real
/// <see cref="ClientZkSettlement"/> and the nodes' own JSON-RPC methods (<see cref="SimRpcHandler"/>), ticking every
/// <see cref="ZkTickMs"/> and proving each batch as an event some hundreds of virtual milliseconds later, so a crash
/// can fall while a batch proves, after it was journaled and before it was sent, or between two sends. Invariants:
/// no batch number is ever sent with two contents, across restarts; no batch transaction is signed while the L1 node
/// the operator reads holds one already signed for that batch (a resend spends no nonce); no batch the operator
/// withheld from DA is ever accepted, and an honest node handed one without its blob refuses it (PubdataUnavailable); the honest operator's rollup never freezes; at the end the user's script (NodeSimulation.ZkUser.cs) has
/// every acknowledged transaction in a batch L1 verified, or has left the frozen rollup by exodus with exact balances.
/// </summary>
internal sealed partial class NodeSimulation
{
    private const uint ZkRollupId = 2;
    private const long ZkTickMs = 100;
    private static readonly SigningKey ZkOperatorL1Key = SimKeys.Clients(ClientCount + 2)[^1];
    private static readonly ZkOperatorOptions ZkOptions = new(MaxBatchOps: 1, BatchInterval: TimeSpan.FromMilliseconds(200), ProverParallelism: 1,
        PollInterval: TimeSpan.FromMilliseconds(ZkTickMs), ResubmitAfter: TimeSpan.FromMilliseconds(1_500));
    private static readonly ZkRollupDomain ZkDomain = new(ChainId, ZkRollupId);
    private static readonly ZkBatchProver ZkProver = new(ZkDomain, ZkBatchProver.CompactOptions);

    private readonly ZkScenario? _zk;
    private readonly InMemoryStore _zkDisk = new(); // the operator's store: it survives the operator's crashes
    private readonly Dictionary<ulong, byte[]> _zkSent = []; // lookup only: batch number → digest of what was first sent
    private readonly Dictionary<ulong, List<Hash256>> _zkBatchTxs = []; // lookup only: batch number → the L1 transactions signed for it
    private LaminaRpcClient? _zkOperatorRpc;
    private ZkOperator? _zkOperator;
    private int _zkIncarnation, _zkCrashes, _zkProofs, _zkProofsLost, _zkSends, _zkWithheldSends, _zkTickFailures, _zkSigned, _zkRefusedWithoutPubdata;
    private string? _zkLastTickError, _zkRelayRefusedOtherwise;

    private void PlanZk(SplitMix64 plan)
    {
        if (_zk is null) return;
        _zkOperatorRpc = new LaminaRpcClient(new Uri("http://zk-operator.sim/"), new HttpClient(new SimRpcHandler(RouteOperator)));
        // Crashes fall while the script runs (it starts at about 0.5 s and takes a few seconds), each down 0.1 to 1.5 s.
        for (var i = 0; i < _zk.OperatorCrashes; i++)
        {
            var at = 1_000 + plan.NextLong(0, 5_000);
            Schedule(at, new ZkOperatorCrash());
            Schedule(at + plan.NextLong(100, 1_500), new ZkOperatorRestart());
        }
        Schedule(500, new ZkTick());
    }

    private void OnZkTick()
    {
        Mix(0x2C00);
        if (_zkOperator is { } op)
        {
            var tick = op.TickAsync(CancellationToken.None);
            if (!tick.IsCompleted) _violations.Add($"zk: an operator tick at {Now} ms did not complete inline (something in its path is not simulated)");
            else if (tick.Exception is { } e)
            {
                // Its L1 node was down or behind: the operator's loop notes the error and tries again, as here.
                _zkTickFailures++;
                _zkLastTickError = e.InnerException?.Message ?? e.Message;
            }
        }
        ZkUserTick();
        Schedule(Now + ZkTickMs, new ZkTick());
    }

    private void StartZkOperator()
    {
        Mix(0x2C01);
        _zkIncarnation++;
        var incarnation = _zkIncarnation;
        var journal = new ZkOperatorJournal(_zkDisk);
        var core = new ZkOperatorCore(ZkDomain, journal, ZkOptions, Clock);
        var settlement = new SimZkSettlement(new ClientZkSettlement(_zkOperatorRpc!, _zkOperatorRpc!, ZkRollupId, ChainId, ZkOperatorL1Key, journal), this);
        _zkOperator = new ZkOperator(core, settlement, plan => ZkProofMemo.Prove(ZkProver, plan), ZkOptions, Clock, proof => ScheduleProof(incarnation, proof));
    }

    /// <summary>A proof takes 150 to 800 virtual ms; if the operator crashed meanwhile, its result dies with it.</summary>
    private Task ScheduleProof(int incarnation, Action proof)
    {
        var done = new TaskCompletionSource();
        Schedule(Now + _rng.NextLong(150, 800), new ZkProofDone(incarnation, () =>
        {
            _zkProofs++;
            proof();
            done.SetResult();
        }));
        return done.Task;
    }

    private void OnZkProofDone(ZkProofDone d)
    {
        Mix(0x2C02 | (ulong)(uint)d.Incarnation << 16);
        if (_zkOperator is not null && d.Incarnation == _zkIncarnation) d.Run();
        else _zkProofsLost++; // the operator crashed while it proved: the restart reproves the journaled plan
    }

    private void CrashZkOperator()
    {
        Mix(0x2C03);
        if (_zkOperator is null) return;
        _zkOperator = null; // everything in memory is gone; the journal in _zkDisk stays
        _zkIncarnation++;
        _zkCrashes++;
    }

    private void RestartZkOperator()
    {
        Mix(0x2C04);
        if (_zkOperator is null && _zkRegistered) StartZkOperator();
    }

    /// <summary>Invariant: a batch number is only ever sent with the bytes it was first sent with.</summary>
    private void RecordZkSend(ZkBatchSubmission submission)
    {
        _zkSends++;
        Mix(0x2C05 | submission.BatchNumber << 16);
        var digest = SHA256.HashData(submission.Encode());
        if (!_zkSent.TryGetValue(submission.BatchNumber, out var first)) _zkSent[submission.BatchNumber] = digest;
        else if (!first.AsSpan().SequenceEqual(digest)) _violations.Add($"zk: batch {submission.BatchNumber} was sent with two different contents (at {Now} ms)");
    }

    /// <summary>
    /// Where the operator's RPC calls go: an honest node that is up, except that with withheld pubdata its batches from
    /// <see cref="ZkScenario.WithholdFromBatch"/> on go only to the last validator, which keeps blobs out of gossip and
    /// publishes none of its sidecars: their pubdata never reaches DA.
    /// </summary>
    private WholeNode? RouteOperator(string body)
    {
        if (SentBatch(body) is not { } tx) return FirstHonestNode();
        var number = ((ZkBatchPayload)tx.Payload).BatchNumber;
        CheckNoNonceSpent(tx, number);
        if (_zk is { WithholdPubdata: true } && number >= _zk.WithholdFromBatch)
        {
            _zkWithheldSends++;
            RelayWithoutPubdata(tx);
            return Nodes[^1].Up ? Nodes[^1] : null;
        }
        return FirstHonestNode();
    }

    /// <summary>
    /// Invariant: the operator signs a new transaction for a batch only when the L1 node it reads holds none of those
    /// it signed for that batch before (neither pending nor included): a resend, on its timer or after a restart,
    /// never spends a nonce on a batch L1 already has.
    /// </summary>
    private void CheckNoNonceSpent(Transaction tx, ulong number)
    {
        _zkSigned++;
        if (!_zkBatchTxs.TryGetValue(number, out var signed)) _zkBatchTxs[number] = signed = [];
        if (FirstHonestNode()?.Chain is { } chain)
        {
            foreach (var earlier in signed)
            {
                if (earlier != tx.Hash && (chain.Mempool.Contains(earlier) || chain.Store.GetTxLocation(earlier) is not null))
                    _violations.Add($"zk: batch {number} signed again (nonce {tx.Nonce}) while L1 held its transaction {earlier} (at {Now} ms)");
            }
        }
        if (!signed.Contains(tx.Hash)) signed.Add(tx.Hash);
    }

    /// <summary>
    /// The withheld-pubdata fault at an honest node: the withholder relays the operator's batch without its blob. The
    /// node must refuse it for want of the pubdata (<see cref="ZkRollupError.PubdataUnavailable"/>, before any proof is
    /// verified), so the batch can move no root there; admitting it is a violation.
    /// </summary>
    private void RelayWithoutPubdata(Transaction tx)
    {
        if (FirstHonestNode()?.Chain is not { } chain) return;
        var bare = Transaction.FromBytes(tx.Encoded); // the canonical bytes: the batch, its blob's commitment, no blob
        try
        {
            chain.SubmitTransaction(bare);
            _violations.Add($"zk: batch {((ZkBatchPayload)tx.Payload).BatchNumber} was admitted without its pubdata (at {Now} ms)");
        }
        catch (ZkRollupRejectedException e) when (e.Error == ZkRollupError.PubdataUnavailable)
        {
            _zkRefusedWithoutPubdata++;
        }
        catch (TransactionRejectedException e)
        {
            // Refused earlier for a reason that needs no pubdata: no root moved either.
            _zkRelayRefusedOtherwise = e is ZkRollupRejectedException z ? z.Error.ToString() : e.Reason.ToString();
        }
    }

    private WholeNode? FirstHonestNode() => Nodes.FirstOrDefault(n => n.Honest && n.Up && n.Chain is not null && n.Da is not null);

    private static Transaction? SentBatch(string body)
    {
        if (!body.Contains("\"l1_sendTransaction\"", StringComparison.Ordinal)) return null;
        var hex = JsonNode.Parse(body)!["params"]![0]!.GetValue<string>();
        var tx = TransactionNetworkForm.Decode(Hex.Decode(hex));
        return tx.Payload is ZkBatchPayload ? tx : null;
    }

    private string DescribeZk() => _zk is null ? "" :
        $"zk: {_zkCrashes} operator crashes, {_zkProofs} proofs ({_zkProofsLost} lost in a crash), {_zkSends} batch sends ({_zkWithheldSends} withheld, {_zkRefusedWithoutPubdata} refused without pubdata{(_zkRelayRefusedOtherwise is null ? "" : $", others refused: {_zkRelayRefusedOtherwise}")}), {_zkSigned} batch transactions signed, {_zkSent.Count} batch numbers, " +
        $"{_zkTickFailures} failed ticks{(_zkLastTickError is null ? "" : $" (last: {_zkLastTickError})")}; {DescribeZkUser()}";

    /// <summary>The operator's settlement, with every submission recorded for the one-number-one-batch invariant.</summary>
    private sealed class SimZkSettlement(IZkSettlement inner, NodeSimulation sim) : IZkSettlement
    {
        public Task<ZkL1Status> GetStatusAsync(CancellationToken cancellationToken) => inner.GetStatusAsync(cancellationToken);

        public Task<ZkL1BatchRecord?> GetBatchAsync(ulong number, CancellationToken cancellationToken) => inner.GetBatchAsync(number, cancellationToken);

        public Task<IReadOnlyList<ZkTransaction>> GetPriorityOpsAsync(ulong fromSerial, int max, CancellationToken cancellationToken) => inner.GetPriorityOpsAsync(fromSerial, max, cancellationToken);

        public Task<IReadOnlyList<ZkL1Rejection>> GetRejectionsAsync(ulong fromIndex, int max, CancellationToken cancellationToken) => inner.GetRejectionsAsync(fromIndex, max, cancellationToken);

        public Task SubmitBatchAsync(ZkBatchSubmission submission, CancellationToken cancellationToken)
        {
            sim.RecordZkSend(submission);
            return inner.SubmitBatchAsync(submission, cancellationToken);
        }
    }
}
