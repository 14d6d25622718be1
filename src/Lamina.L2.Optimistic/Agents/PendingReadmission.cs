using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Sequencing;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// A restarted sequencer's journaled pending transactions, admitted again in journal order on the state it restarted
/// on. One that no longer applies is dropped with its reason and forgotten by the journal (one synced write), so a
/// transaction never stops a restart, and never stops the next one either.
/// </summary>
internal static class PendingReadmission
{
    /// <param name="track">Called for each transaction admitted again, with its journal sequence, in order.</param>
    /// <returns>The dropped ones, in journal order.</returns>
    public static List<DroppedPendingTransaction> Run(SequencerCore core, SequencerJournal journal, Action<ulong, OptimisticBatchItem> track)
    {
        var dropped = new List<DroppedPendingTransaction>();
        foreach (var (sequence, item) in journal.PendingTransactions())
        {
            try
            {
                core.Submit(item);
                track(sequence, item);
            }
            catch (Exception e) when (e is InvalidOptimisticTransactionException or InvalidOperationException)
            {
                // InvalidOperationException: the pending block is full, which the journal cannot hold more than.
                var error = e is InvalidOptimisticTransactionException invalid ? invalid.Error.ToString() : "PendingBlockFull";
                dropped.Add(new DroppedPendingTransaction(sequence, L2Transaction.FromSequenced(item).Hash, item.Sender.ToAddress(), item.Nonce, error, e.Message));
            }
        }
        journal.Forget(dropped.ConvertAll(d => d.Sequence));
        return dropped;
    }
}
