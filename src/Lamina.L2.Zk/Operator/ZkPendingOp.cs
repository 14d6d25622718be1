using Lamina.Core;
using Lamina.L2.Zk.Transactions;

namespace Lamina.L2.Zk.Operator;

/// <summary>An accepted operation not in a batch yet.</summary>
public sealed record ZkPendingOp(ulong Sequence, Hash256 Hash, ZkTransaction Tx, DateTimeOffset AcceptedAt);
