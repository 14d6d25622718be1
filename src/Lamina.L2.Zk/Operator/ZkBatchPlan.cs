using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;

namespace Lamina.L2.Zk.Operator;

/// <summary>A batch cut from the log and journaled, waiting for its proof: the state it starts from and its operations.</summary>
public sealed record ZkBatchPlan(ulong Number, ulong FirstSequence, ZkState Before, IReadOnlyList<ZkTransaction> Ops);
