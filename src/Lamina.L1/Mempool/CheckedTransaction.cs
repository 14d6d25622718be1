using Lamina.L1.Transactions;

namespace Lamina.L1.Mempool;

/// <summary>
/// A transaction that passed every admission check that does not depend on chain state: its size, the stateless
/// rules and its signature. Only <see cref="TransactionPool.CheckIntrinsic"/> makes one, so holding one proves the
/// costly signature check ran, and it can run before the chain's admission gate rather than inside it.
/// </summary>
public readonly struct CheckedTransaction
{
    internal CheckedTransaction(Transaction tx) => Transaction = tx;

    public Transaction Transaction { get; }
}
