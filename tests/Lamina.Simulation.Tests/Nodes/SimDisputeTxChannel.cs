using Lamina.Core;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic.Agents;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// <see cref="DisputeSender"/>'s node in the whole-node simulation, for one party's process (<paramref name="incarnation"/>):
/// it reads the party's home node (another live one while that is down), hands each transaction to the simulation,
/// which delivers it after the run's message delay, in the order sent, and polls every <see cref="PollMs"/> of virtual
/// time. So the sender's rules (<see cref="DisputeSender"/>: fail fast, replace at the nonce, pipelined nonces) are the
/// very code <c>ClientDisputeL1</c> runs; only the transport differs. A crashed process gets no answer: its waits never end.
/// </summary>
internal sealed class SimDisputeTxChannel(NodeSimulation sim, DisputeParty party, int incarnation) : IDisputeTxChannel
{
    public const long PollMs = 100;

    private readonly Dictionary<Hash256, ulong> _inTransit = []; // lookup only: sent, not yet delivered, by nonce
    private long _lastDeliveryMs;

    public DateTimeOffset Now => DateTimeOffset.FromUnixTimeMilliseconds(sim.Now);

    private bool Dead => !party.Up || party.Incarnation != incarnation;

    private Lamina.L1.Chain.Blockchain Chain => sim.DisputeNodeOf(party)?.Chain ?? throw new HttpRequestException("no L1 node reachable");

    public Task<(ulong Nonce, ulong PendingNonce)> AccountAsync(CancellationToken cancellationToken)
    {
        if (Dead) return new TaskCompletionSource<(ulong, ulong)>().Task;
        var chain = Chain;
        var nonce = chain.GetAccount(party.Address).Nonce;
        var pending = chain.Mempool.PendingNonce(party.Address, nonce);
        // What is still on its way to the node counts as pending too: the next nonce comes after it.
        foreach (var n in _inTransit.Values)
            if (n >= pending) pending = n + 1;
        return Task.FromResult((nonce, pending));
    }

    public Task<ulong> BaseFeeAsync(CancellationToken cancellationToken) => Dead ? new TaskCompletionSource<ulong>().Task : Task.FromResult(Chain.NextBaseFee);

    public Task<ulong> HeightAsync(CancellationToken cancellationToken) => Dead ? new TaskCompletionSource<ulong>().Task : Task.FromResult(Chain.Height);

    public Task SubmitAsync(Transaction tx, CancellationToken cancellationToken)
    {
        if (Dead) return new TaskCompletionSource().Task;
        _inTransit[tx.Hash] = tx.Nonce;
        // A party's messages reach its node in the order it sent them.
        _lastDeliveryMs = Math.Max(sim.Now + sim.DisputeMessageDelay(party), _lastDeliveryMs);
        sim.Schedule(_lastDeliveryMs, new DisputeSubmit(party.Index, incarnation, tx, () => _inTransit.Remove(tx.Hash)));
        party.Sent++;
        return Task.CompletedTask;
    }

    public Task<DisputeTxSighting?> SightAsync(Hash256 hash, CancellationToken cancellationToken)
    {
        if (Dead) return new TaskCompletionSource<DisputeTxSighting?>().Task;
        if (_inTransit.ContainsKey(hash)) return Task.FromResult<DisputeTxSighting?>(new DisputeTxSighting(false, false));
        var chain = Chain;
        // A committed block is final (Tendermint).
        if (chain.Store.GetTxLocation(hash) is not null) return Task.FromResult<DisputeTxSighting?>(new DisputeTxSighting(true, true));
        return Task.FromResult<DisputeTxSighting?>(chain.Mempool.Contains(hash) ? new DisputeTxSighting(false, false) : null);
    }

    public Task PauseAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource();
        if (!Dead) sim.Schedule(sim.Now + PollMs, new DisputeWake(party.Index, incarnation, done));
        return done.Task;
    }
}
