using Lamina.L1.Modules;
using Lamina.L1.Transactions;

namespace Lamina.L1.Execution;

/// <summary>What running a block's hooks and transactions produced, before the state is committed.</summary>
public sealed record BlockExecution(IReadOnlyList<Transaction> Included, List<Receipt> Receipts, ulong GasUsed, HeaderFields HeaderFields);
