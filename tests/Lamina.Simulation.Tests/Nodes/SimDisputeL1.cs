using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.L1Client;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// A party's L1 in the dispute run: every read goes through the real <see cref="ClientDisputeL1"/> (l1_head,
/// rollup_getOutputs, dispute_getRecord, rollup_getDeposits, rollup_getL1Block over the nodes' own JSON-RPC methods,
/// <see cref="SimRpcHandler"/>), so a game is rebuilt exactly as a challenger rebuilds it; sends go through the party's
/// real <see cref="DisputeSender"/>, as ClientDisputeL1's do, over the simulation's transport
/// (<c>NodeSimulation.DisputeSend.cs</c>, <see cref="SimDisputeTxChannel"/>).
/// </summary>
internal sealed class SimDisputeL1(ClientDisputeL1 reads, NodeSimulation sim, DisputeParty party) : IDisputeL1
{
    public Task<ulong> HeadTimeMsAsync(CancellationToken cancellationToken) => reads.HeadTimeMsAsync(cancellationToken);

    public Task<IReadOnlyList<RollupOutputRecord>> OutputsAsync(CancellationToken cancellationToken) => reads.OutputsAsync(cancellationToken);

    public Task<DisputeGameRecord?> GameAsync(ulong outputIndex, CancellationToken cancellationToken) => reads.GameAsync(outputIndex, cancellationToken);

    public Task<IRollupL1Records> RecordsAsync(IReadOnlyCollection<ulong> origins, CancellationToken cancellationToken) => reads.RecordsAsync(origins, cancellationToken);

    public Task<IRollupL1Records> DerivationRecordsAsync(IReadOnlyCollection<ulong> heights, CancellationToken cancellationToken) => reads.DerivationRecordsAsync(heights, cancellationToken);

    public Task SendAsync(TxPayload payload, CancellationToken cancellationToken) => sim.SendDispute(party, payload);

    public Task<IReadOnlyList<DisputeSendException?>> SendAllAsync(IReadOnlyList<TxPayload> payloads, CancellationToken cancellationToken) => sim.SendDisputeAll(party, payloads);
}
