using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;

namespace Lamina.L2.Zk.Proving;

/// <summary>
/// The batch verifier's check of priority operations against L1's queue. The pubdata's deposits and forced exits
/// must be the queue's head, in order, none skipped or altered. A refused one (marked not applied) comes with the
/// opening of its leaf, which the state proof pins at that point of the batch; the executor's own rule
/// (<see cref="ZkBatchExecutor.DepositApplies"/>, <see cref="ZkBatchExecutor.ForcedExitApplies"/>) is rerun on that
/// opening, so the operator can neither refund a deposit that fits nor drop a valid forced exit as stale. An applied
/// forced exit must carry the nonce and signature L1 queued. Failures are <see cref="InvalidZkBatchException"/>s.
/// </summary>
public static class PriorityQueueCheck
{
    /// <summary>Checks the batch; returns how many queued operations it consumes (the caller advances its counter by that).</summary>
    /// <param name="pending">L1's unprocessed priority operations in serial order, from the first this batch must take.</param>
    /// <param name="witnesses">The proof's signer witnesses, already paired with the pubdata by <see cref="ZkBatchStatements"/>.</param>
    /// <param name="openings">The proof's leaf openings, one per refused priority operation, already paired likewise.</param>
    public static int Check(ZkBatchExecutor executor, IReadOnlyList<PubdataOp> pubdata, IReadOnlyList<ZkTransaction> pending,
        IReadOnlyList<SignerWitness> witnesses, IReadOnlyList<AccountLeaf> openings)
    {
        int consumed = 0, witness = 0, opening = 0;
        for (int i = 0; i < pubdata.Count; i++)
        {
            PubdataOp op = pubdata[i];
            if (op.Kind is not (ZkTxKind.Deposit or ZkTxKind.ForcedExit))
            {
                witness++;
                continue;
            }
            ZkTransaction queued = Queued(pending, consumed, i, op);
            consumed++;
            if (queued is DepositOp deposit)
            {
                if (op.Account != deposit.To || op.Amount != deposit.Amount || op.Key != deposit.Key)
                {
                    throw Mismatch(i, $"deposit (to {op.Account}, amount {op.Amount}) is not queued serial {deposit.Serial}");
                }
                if (!op.Applied && ZkBatchExecutor.DepositApplies(openings[opening++], deposit))
                {
                    throw new InvalidZkBatchException(ZkBatchRejection.DepositWronglyRefunded, i,
                        $"deposit serial {deposit.Serial} is refunded, yet account {op.Account} as opened would take it");
                }
                continue;
            }
            var exit = (ForcedExitOp)queued;
            if (op.Account != exit.Account || op.Recipient != exit.Recipient)
            {
                throw Mismatch(i, $"forced exit of account {op.Account} is not queued serial {exit.Serial}");
            }
            if (op.Applied)
            {
                SignerWitness w = witnesses[witness++];
                // A v5 proof carries no signature: it proves a valid one on this very message (account, recipient, nonce).
                if (w.Nonce != exit.Nonce || (w.Signature is ZkSignature signature && signature != exit.Signature))
                {
                    throw new InvalidZkBatchException(ZkBatchRejection.ForcedExitWitnessMismatch, i,
                        $"forced exit serial {exit.Serial} is applied under another nonce or signature than L1 queued");
                }
            }
            else if (executor.ForcedExitApplies(openings[opening++], exit))
            {
                throw new InvalidZkBatchException(ZkBatchRejection.ForcedExitWronglySkipped, i,
                    $"forced exit serial {exit.Serial} is marked without effect, yet account {op.Account} as opened makes it valid");
            }
        }
        return consumed;
    }

    private static ZkTransaction Queued(IReadOnlyList<ZkTransaction> pending, int consumed, int position, PubdataOp op)
    {
        if (consumed == pending.Count)
        {
            throw Mismatch(position, $"the batch consumes more than the {pending.Count} queued priority operations");
        }
        ZkTransaction queued = pending[consumed];
        ulong serial = Serial(queued) ?? throw Mismatch(position, $"queue entry {consumed} is a {queued.Kind}, not a priority operation");
        if (consumed > 0 && serial != Serial(pending[0]) + (ulong)consumed)
        {
            throw Mismatch(position, $"queue entry {consumed} has serial {serial}, not the next after {Serial(pending[0])}");
        }
        if (queued.Kind != op.Kind)
        {
            throw Mismatch(position, $"the pubdata has a {op.Kind} where L1 queued a {queued.Kind} (serial {serial})");
        }
        return queued;
    }

    private static ulong? Serial(ZkTransaction tx) => tx switch
    {
        DepositOp d => d.Serial,
        ForcedExitOp f => f.Serial,
        _ => null,
    };

    private static InvalidZkBatchException Mismatch(int position, string message) =>
        new(ZkBatchRejection.PriorityQueueMismatch, position, message);
}
