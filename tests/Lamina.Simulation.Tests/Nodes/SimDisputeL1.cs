using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.L1Client;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// A party's L1 in the dispute run: every read goes through the real <see cref="ClientDisputeL1"/> (l1_head,
/// rollup_getOutputs, dispute_getRecord, rollup_getDeposits, rollup_getL1Block over the nodes' own JSON-RPC methods,
/// <see cref="SimRpcHandler"/>), so a game is rebuilt exactly as a challenger rebuilds it; a send is signed with the
/// party's key and handed to the simulation (<c>NodeSimulation.DisputeSend.cs</c>), which delivers it to an L1 node
/// after the run's message delay and completes when it is in a committed block — or fails, as ClientDisputeL1's wait
/// for finality fails, when it is refused or not in a block within the send timeout.
/// </summary>
internal sealed class SimDisputeL1(ClientDisputeL1 reads, Func<TxPayload, Task> send) : IDisputeL1
{
    public Task<ulong> HeadTimeMsAsync(CancellationToken cancellationToken) => reads.HeadTimeMsAsync(cancellationToken);

    public Task<IReadOnlyList<RollupOutputRecord>> OutputsAsync(CancellationToken cancellationToken) => reads.OutputsAsync(cancellationToken);

    public Task<DisputeGameRecord?> GameAsync(ulong outputIndex, CancellationToken cancellationToken) => reads.GameAsync(outputIndex, cancellationToken);

    public Task<IRollupL1Records> RecordsAsync(IReadOnlyCollection<ulong> origins, CancellationToken cancellationToken) => reads.RecordsAsync(origins, cancellationToken);

    public Task SendAsync(TxPayload payload, CancellationToken cancellationToken) => send(payload);
}
