using Lamina.Stark.Hashing;

namespace Lamina.L2.Zk.Settlement;

/// <summary>
/// A batch L1 accepted: its number, the state root it moved the rollup to, the pubdata (from DA, matching the
/// commitment L1 checked), the L1 height of the block that verified it, the proof's size and the time L1's verifier
/// took (null when the source does not report it).
/// </summary>
public sealed record ZkL1BatchRecord(ulong Number, RpoDigest NewStateRoot, byte[] Pubdata, ulong L1Height, int ProofBytes, double? VerifyMilliseconds);
