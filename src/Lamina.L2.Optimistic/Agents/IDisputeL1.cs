using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Transactions;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>What the challenger reads from L1 and sends to it (over the RPC client in a node; in memory in tests).</summary>
public interface IDisputeL1
{
    /// <summary>The header time of L1's head, in ms: the clock every game runs on.</summary>
    Task<ulong> HeadTimeMsAsync(CancellationToken cancellationToken);

    /// <summary>The rollup's outputs, oldest first.</summary>
    Task<IReadOnlyList<RollupOutputRecord>> OutputsAsync(CancellationToken cancellationToken);

    /// <summary>The game against an output, or null when there is none.</summary>
    Task<DisputeGameRecord?> GameAsync(ulong outputIndex, CancellationToken cancellationToken);

    /// <summary>
    /// L1's records a game's steps read: the rollup's deposit queue and the blob base fee of every L1 origin the
    /// game's descents name (<paramref name="origins"/>).
    /// </summary>
    Task<IRollupL1Records> RecordsAsync(IReadOnlyCollection<ulong> origins, CancellationToken cancellationToken);

    /// <summary>
    /// What a game that derives lists on L1 reads besides: the deposit and forced queues with their L1 heights, the
    /// batch references with their blobs' commitments, and the fee and time of each L1 block in <paramref name="heights"/>
    /// that L1 has reached. The default answers <see cref="RecordsAsync"/> (an L1 whose records already serve both).
    /// </summary>
    Task<IRollupL1Records> DerivationRecordsAsync(IReadOnlyCollection<ulong> heights, CancellationToken cancellationToken) => RecordsAsync(heights, cancellationToken);

    /// <summary>Signs and submits a dispute transaction from the challenger's key.</summary>
    Task SendAsync(TxPayload payload, CancellationToken cancellationToken);

    /// <summary>
    /// Signs and submits several dispute transactions in this order, without waiting for one before the next (so they can
    /// share L1 blocks); returns, per payload, null when it landed or why it did not. The default sends one at a time.
    /// </summary>
    async Task<IReadOnlyList<DisputeSendException?>> SendAllAsync(IReadOnlyList<TxPayload> payloads, CancellationToken cancellationToken)
    {
        var results = new DisputeSendException?[payloads.Count];
        for (var i = 0; i < payloads.Count; i++)
        {
            try
            {
                await SendAsync(payloads[i], cancellationToken);
            }
            catch (DisputeSendException e)
            {
                results[i] = e;
            }
        }
        return results;
    }
}
