using Lamina.Core.Crypto;
using Lamina.L1.Rollups;
using Lamina.L1.Transactions;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// Sends a sender's dispute transactions, many at once on consecutive nonces (so a tick's moves share L1 blocks instead
/// of waiting for each other), and decides for each as soon as it can whether it landed or is not coming. One piece of
/// code for every caller (<c>ClientDisputeL1</c> over JSON-RPC, the whole-node simulation over its messages), which
/// differ only in <see cref="IDisputeTxChannel"/>. The rules:
/// <list type="bullet">
/// <item>a transaction in a final block landed;</item>
/// <item><b>dropped</b>: the node no longer holds it (a proposer that could not apply it, such as a move the game refused,
/// left it out and dropped it), or its nonce went to another transaction, or it was next in line for
/// <see cref="LeftOutBlocks"/> blocks that all went without it;</item>
/// <item><b>refused</b>: the node would not take it;</item>
/// <item><b>timed out</b>: not final within <see cref="SendTimeout"/>;</item>
/// <item>a transaction queued behind one of its own that is not coming cannot land either (its nonce waits on the
/// other's), so it fails with it;</item>
/// <item>a transaction given up is <b>replaced at its own nonce</b> by the next send (it may still be pending somewhere),
/// both fee caps doubled, so at most one of the two can land, nothing queues behind a transaction no block will take,
/// and no nonce below the next send's is left unfilled.</item>
/// </list>
/// </summary>
public sealed class DisputeSender(IDisputeTxChannel node, SigningKey key, string chainId)
{
    /// <summary>
    /// Blocks a transaction may be next in line and left out of before it counts as dropped. Generous: on a slow or
    /// lossy network it may not have reached the proposer yet, and a move given up too early is replaced at its nonce,
    /// which then has to travel again (in the simulation 3 blocks lost a game on the faulty network that 8 did not).
    /// </summary>
    public const int LeftOutBlocks = 8;

    /// <summary>Given-up transactions (some may still be pending), by nonce: the next sends replace them there.</summary>
    private readonly SortedDictionary<ulong, Transaction> _givenUp = [];

    /// <summary>How long a transaction may stay pending, at most, from its submission.</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Signs and submits every payload, in order, on consecutive nonces, then waits for them together. Returns, per
    /// payload, null when it landed or the reason it did not.
    /// </summary>
    public async Task<DisputeSendException?[]> SendAllAsync(IReadOnlyList<TxPayload> payloads, CancellationToken cancellationToken)
    {
        var results = new DisputeSendException?[payloads.Count];
        var flights = new List<Flight>(payloads.Count);
        var (committed, pending) = await node.AccountAsync(cancellationToken);
        var baseFee = await node.BaseFeeAsync(cancellationToken);
        foreach (var stale in _givenUp.Keys.Where(n => n < committed).ToList()) _givenUp.Remove(stale);
        var nonce = _givenUp.Count > 0 ? Math.Min(pending, _givenUp.Keys.First()) : pending;
        for (var i = 0; i < payloads.Count; i++)
        {
            var tx = Sign(payloads[i], nonce, baseFee);
            try
            {
                await node.SubmitAsync(tx, cancellationToken);
            }
            catch (DisputeSendException e)
            {
                results[i] = e;
                // Refused for a nonce an earlier transaction took meanwhile: the rest go from the node's next nonce.
                var account = await node.AccountAsync(cancellationToken);
                if (account.Nonce > nonce) nonce = account.PendingNonce;
                continue;
            }
            _givenUp.Remove(nonce);
            flights.Add(new Flight(i, tx, node.Now + SendTimeout));
            nonce++;
        }
        await WaitAsync(flights, results, cancellationToken);
        return results;
    }

    /// <summary>One payload, waited for until final; throws the <see cref="DisputeSendException"/> that says why it did not land.</summary>
    public async Task SendAsync(TxPayload payload, CancellationToken cancellationToken)
    {
        if ((await SendAllAsync([payload], cancellationToken))[0] is { } failure) throw failure;
    }

    /// <summary>
    /// How far above a fresh transaction's fee caps a replacement may go. The caps double per replacement of the same
    /// nonce, but only up to this: a sender whose transactions at one nonce are given up again and again (a move L1
    /// refuses each round, with the moves queued behind it replaced each time) would otherwise double its way past its
    /// balance in a few dozen rounds, and every later transaction would be refused for funds. A replacement the cap
    /// leaves underpriced is refused while the old one is pending, and the old one lands or is dropped meanwhile.
    /// </summary>
    public const ulong MaxReplacementFactor = 16;

    private Transaction Sign(TxPayload payload, ulong nonce, ulong baseFee)
    {
        var (maxFee, tip) = (checked(baseFee * 2 + 2), 2UL);
        if (_givenUp.TryGetValue(nonce, out var old))
            (maxFee, tip) = (Math.Max(maxFee, Math.Min(checked(old.MaxFeePerGas * 2), checked(maxFee * MaxReplacementFactor))),
                Math.Min(checked(old.MaxPriorityFeePerGas * 2), tip * MaxReplacementFactor));
        return new RollupTxBuilder(key, chainId, nonce, maxFee, tip).Sign(payload);
    }

    private sealed class Flight(int index, Transaction tx, DateTimeOffset deadline)
    {
        public int Index { get; } = index;
        public Transaction Tx { get; } = tx;
        public DateTimeOffset Deadline { get; } = deadline;
        public ulong? NextInLineFrom { get; set; }
        public bool Done { get; set; }
    }

    private async Task WaitAsync(List<Flight> flights, DisputeSendException?[] results, CancellationToken cancellationToken)
    {
        while (true)
        {
            Flight? failed = null;
            foreach (var flight in flights)
            {
                if (flight.Done) continue;
                if (failed is not null)
                {
                    // Queued behind a transaction of its own that is not coming: its nonce can never be reached.
                    GiveUp(flight, results, new DisputeSendException(DisputeSendFailure.Dropped, flight.Tx.Hash,
                        $"dispute transaction {flight.Tx.Hash} (nonce {flight.Tx.Nonce}) was queued behind {failed.Tx.Hash} (nonce {failed.Tx.Nonce}), which did not land"));
                    continue;
                }
                var (decided, verdict) = await JudgeAsync(flight, cancellationToken);
                if (!decided) continue;
                if (verdict is { } failure)
                {
                    GiveUp(flight, results, failure);
                    failed = flight;
                }
                else flight.Done = true;
            }
            if (flights.All(f => f.Done)) return;
            await node.PauseAsync(cancellationToken);
        }
    }

    private void GiveUp(Flight flight, DisputeSendException?[] results, DisputeSendException failure)
    {
        flight.Done = true;
        results[flight.Index] = failure;
        _givenUp[flight.Tx.Nonce] = flight.Tx;
    }

    /// <summary>Not decided while the transaction may still come; else landed (no failure) or the reason it will not.</summary>
    private async Task<(bool Decided, DisputeSendException? Failure)> JudgeAsync(Flight flight, CancellationToken cancellationToken)
    {
        var tx = flight.Tx;
        var seen = await node.SightAsync(tx.Hash, cancellationToken);
        if (seen is { Included: true, Final: true }) return (true, null);
        if (seen is not { Included: true })
        {
            var (nonce, _) = await node.AccountAsync(cancellationToken);
            if (seen is null)
            {
                // Look again after the nonce: a block that took it may have landed between the two reads.
                if (nonce > tx.Nonce && await node.SightAsync(tx.Hash, cancellationToken) is { Included: true }) return (false, null);
                return (true, new DisputeSendException(DisputeSendFailure.Dropped, tx.Hash, nonce > tx.Nonce
                    ? $"dispute transaction {tx.Hash} lost nonce {tx.Nonce} to another transaction"
                    : $"dispute transaction {tx.Hash} was left out of a block: L1 no longer holds it"));
            }
            if (nonce == tx.Nonce)
            {
                var height = await node.HeightAsync(cancellationToken);
                flight.NextInLineFrom ??= height;
                if (height >= flight.NextInLineFrom + LeftOutBlocks)
                    return (true, new DisputeSendException(DisputeSendFailure.Dropped, tx.Hash,
                        $"dispute transaction {tx.Hash} was next in line for {LeftOutBlocks} blocks (to height {height}) and left out of each"));
            }
        }
        if (node.Now >= flight.Deadline)
            return (true, new DisputeSendException(DisputeSendFailure.TimedOut, tx.Hash, $"dispute transaction {tx.Hash} was not final within {SendTimeout.TotalSeconds} s"));
        return (false, null);
    }
}
