using Lamina.Core;

namespace Lamina.L2.Optimistic.Chain;

/// <summary>
/// A deposit that L1 recorded for this rollup: funds locked on L1, credited on L2. <see cref="Index"/> is the
/// rollup's deposit queue position (0, 1, 2, … in L1 order), so derivation credits each exactly once.
/// </summary>
public readonly record struct L2Deposit(ulong Index, Address Recipient, ulong Amount);
