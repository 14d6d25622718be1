using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Blobs;
using Lamina.L1.Transactions;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// The client and the run's end: wallets send signed transfers to random live honest nodes (an acknowledged
/// transaction is one a node admitted) and re-send those not included after a while, as a wallet would after its
/// node crashed. The run ends once the honest nodes reached the liveness target and every acknowledged transfer is
/// in a block, or at the liveness bound.
/// </summary>
internal sealed partial class NodeSimulation
{
    private const int ClientCount = 4;
    private const long ClientPeriodMs = 300;
    private const double SendChance = 0.35; // about 1.4 transfers a tick: a steady load that keeps runs cheap
    private const long ResendAfterMs = 2_000;
    private static readonly Address Recipient = new(Enumerable.Repeat((byte)0xB1, 20).ToArray());
    private readonly SigningKey[] _clients;
    private readonly ulong[] _nextNonce;
    private readonly Dictionary<Hash256, (Transaction Tx, long SentAt)> _acknowledged = []; // lookup only
    private readonly List<Hash256> _ackOrder = [];
    private readonly HashSet<Hash256> _included = []; // lookup only

    public int AcknowledgedTransactions => _acknowledged.Count;

    private void ClientTick()
    {
        Mix(0x5000);
        var sending = _ledger.LivenessReachedAt is null || _ackOrder.Count == 0; // a run that reached its heights first still gets its load
        for (var c = 0; c < _clients.Length && sending; c++)
        {
            if (!_rng.Chance(SendChance) || RandomHonestNode() is not { } node) continue;
            var chain = node.Chain!;
            // On a chain with blobs, about a third of the load is blobs (they travel between mempools with their bytes).
            var tx = _da is not null && _rng.Chance(0.35)
                ? Transaction.Create(_clients[c], ChainId, _nextNonce[c], chain.NextBaseFee * 4 + 10, 2, BlobPayload.Gas, ClientBlob(c))
                : Transaction.Create(_clients[c], ChainId, _nextNonce[c], chain.NextBaseFee * 4 + 10, 2, TransferPayload.Gas,
                    new TransferPayload(Recipient, (UInt128)(_nextNonce[c] + 1)));
            if (!Submit(node, tx)) continue;
            _acknowledged[tx.Hash] = (tx, Now);
            _ackOrder.Add(tx.Hash);
            _nextNonce[c]++;
        }
        foreach (var hash in _ackOrder)
        {
            var (tx, sentAt) = _acknowledged[hash];
            if (_included.Contains(hash) || Now - sentAt < ResendAfterMs || RandomHonestNode() is not { } node) continue;
            Submit(node, tx);
            _acknowledged[hash] = (tx, Now);
        }
        if (_da is not null) AttackerTick();
        Schedule(Now + ClientPeriodMs, new ClientWake());
    }

    private WholeNode? RandomHonestNode()
    {
        var live = Nodes.Where(n => n.Honest && n.Up && n.Chain is not null).ToList();
        return live.Count == 0 ? null : live[_rng.NextInt(live.Count)];
    }

    private bool Submit(WholeNode node, Transaction tx)
    {
        try
        {
            node.Chain!.SubmitTransaction(tx);
            return true;
        }
        catch (TransactionRejectedException e) when (e.Reason is TxRejectReason.AlreadyKnown or TxRejectReason.NonceTooLow or TxRejectReason.NonceGap)
        {
            // Known there already, included already, or its predecessor is not there yet (re-sent in order next tick).
            return false;
        }
    }

    /// <summary>The lowest committed height of an honest node, up or down (a crashed node keeps its store).</summary>
    private ulong MinHonestHeight()
    {
        var min = ulong.MaxValue;
        foreach (var n in Nodes)
        {
            if (n.Honest) min = Math.Min(min, n.CommittedHeight);
        }
        return min;
    }

    private bool Done()
    {
        if (!_ledger.LivenessReached(MinHonestHeight())) return false;
        // A short ZK script can reach its heights before any client transfer is acknowledged: keep going until one is,
        // so the run tests load (CheckEnd reports a run that never got one).
        if (_ackOrder.Count == 0) return false;
        foreach (var hash in _ackOrder)
        {
            if (!_included.Contains(hash)) return false;
        }
        return (_zk is null || _zkDone) && (_dispute is null || _disputeDone);
    }

    private void CheckEnd()
    {
        _ledger.CheckLiveness(MinHonestHeight());
        var lost = _ackOrder.Count(h => !_included.Contains(h));
        if (lost > 0) _violations.Add($"transactions: {lost} of {_ackOrder.Count} acknowledged transfers never committed");
        if (_ackOrder.Count == 0) _violations.Add("transactions: no transfer was acknowledged, so the run tested no load");
        var reference = Nodes.FirstOrDefault(n => n.Honest && n.Chain is not null)?.Chain;
        if (reference is null) return;
        var validators = reference.ValidatorSetFor(reference.Height + 1);
        foreach (var n in Nodes)
        {
            if (n.Honest && validators.Find(n.Key.Address)?.Power != Power) _violations.Add($"slashing: honest validator {n.Index} lost power or its seat");
        }
    }
}
