using Lamina.Stark.Hashing;

namespace Lamina.L2.Zk.Settlement;

/// <summary>
/// A batch L1 accepted: its number, the state root it moved the rollup to, the pubdata (from DA, matching the
/// commitment L1 checked), the L1 height of the block that verified it, the proof's size, the gas L1 charged for it and
/// the time L1's verifier took. Each is null when the source does not report it: the real L1's state holds the gas,
/// and the L1 node read reports its own verifier's time beside it (node-local, not consensus state; null when that
/// node never verified the proof); the in-memory L1 measures verify time but charges no gas.
/// </summary>
public sealed record ZkL1BatchRecord(ulong Number, RpoDigest NewStateRoot, byte[] Pubdata, ulong L1Height, int ProofBytes, double? VerifyMilliseconds, ulong? Gas = null);
