namespace Lamina.L1.ZkRollups;

/// <summary>
/// The gas a batch submission pays, in proportion to what verifying it costs. L1's own exchange rate is its measured
/// transfer throughput: 19.6 k signed transfers per second at 21,000 gas each (README, block execution) is
/// ≈ 410 gas per microsecond of one core. Verifying a batch (<c>ZkBatchVerifier</c>, compact or default options)
/// measured (median of 21, compact options, 2026-12-06 23:04 UTC, load average 15–17 on the shared 2-core machine)
/// 7.1 ms at 1 transfer, 8.1 ms at 4, 13.9 ms at 16 and 58.9 ms at 64 (38.2 ms at 64 in an earlier, quieter run;
/// docs/zk-rollup.md, "Gas"): about 6.5 ms fixed (two STARK verifications, the transcript, the FRI queries) plus
/// 0.5–0.8 ms per signed operation (its statement, signature-AIR rows and the native Schnorr challenge), priced at
/// 0.6 ms. At the default 30 M block gas limit a batch holds at most about 110 signed operations. A refused
/// priority operation's opening reruns the executor's rule, a native Schnorr verification for a forced exit
/// (1.3 ms). Pubdata bytes are hashed into the statements at a few ns each.
/// </summary>
public static class ZkVerificationGas
{
    /// <summary>Gas per microsecond of verification: L1's measured transfer rate (19.6 k/s × 21,000 gas).</summary>
    public const ulong GasPerMicrosecond = 410;

    public const ulong Base = 21_000 + 6_500 * GasPerMicrosecond;
    public const ulong PerSigner = 600 * GasPerMicrosecond;
    public const ulong PerOpening = 1_300 * GasPerMicrosecond;
    public const ulong PerPubdataByte = 16;
    public const ulong PerProofByte = 2;

    /// <summary>The intrinsic gas of a submission with these counts (no overflow: every count is bounded by its codec).</summary>
    public static ulong For(int signers, int openings, uint pubdataBytes, int proofBytes)
        => checked(Base + (ulong)signers * PerSigner + (ulong)openings * PerOpening + pubdataBytes * PerPubdataByte + (ulong)proofBytes * PerProofByte);
}
