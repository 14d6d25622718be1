using Lamina.Core;

namespace Lamina.L2.Zk.Operator;

/// <summary>An admitted transaction: its id and its sequence number in the operation log (the batch whose range holds it carries it).</summary>
public readonly record struct ZkAdmitted(Hash256 Hash, ulong Sequence);
