using Lamina.Core;

namespace Lamina.L2.Optimistic;

/// <summary>
/// The state as <see cref="OptimisticRules"/> sees it: accounts read and written one at a time, and withdrawal receipts
/// written. The rules always write an account right after reading it (read–modify–write), so a ledger backed by one
/// Merkle witness per access (the one-step executor) sees exactly the accesses a tree-backed ledger does.
/// </summary>
public interface IOptimisticLedger
{
    /// <summary>The account's state, including this transaction's earlier writes; absent accounts are (0, 0).</summary>
    OptimisticAccount ReadAccount(Address address);

    /// <summary>Writes the account just read with <see cref="ReadAccount"/>.</summary>
    void WriteAccount(Address address, OptimisticAccount account);

    /// <summary>Records a withdrawal receipt under its id (overwriting whatever is there).</summary>
    void WriteReceipt(OptimisticWithdrawalReceipt receipt);

    /// <summary>The next deposit queue index to credit (<see cref="OptimisticDepositCursor"/>; absent = 0).</summary>
    ulong ReadDepositCursor();

    /// <summary>Writes the cursor just read with <see cref="ReadDepositCursor"/>.</summary>
    void WriteDepositCursor(ulong next);
}
