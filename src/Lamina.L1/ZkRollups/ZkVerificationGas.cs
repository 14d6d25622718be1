namespace Lamina.L1.ZkRollups;

/// <summary>
/// The gas a batch submission pays, in proportion to what verifying it costs. L1's own exchange rate is its measured
/// transfer throughput: 19.6 k signed transfers per second at 21,000 gas each (README, block execution) is
/// ≈ 410 gas per microsecond of one core. Verifying a batch (<c>ZkBatchVerifier</c>: one STARK; since batch proof v4
/// the verifier decodes no curve point) measured as the verifier's CPU time (mean of 21 after a warm-up, compact
/// options, `Lamina.L2.Bench verifysplit N compact`, 2026-12-07 08:20–08:32 UTC, load average 17–45 on the shared
/// 2-core machine; docs/zk-rollup.md, "Gas"): 1.7 ms at 1 transfer, 1.8 ms at 4, 2.4 ms at 16, 4.3 ms at 64 and
/// 9.7 ms at 256 (v3, which decoded two points per signer natively: 1.5, 3.1, 4.5 and 9.1 ms at 1 to 64). Priced at
/// 2.5 ms fixed (the transcript, the FRI queries and openings) plus 45 µs per signed operation (its statement: the
/// signing message and the challenge, four RPO permutations, and its rows' assertions), at or above every measured
/// size. At the default 30 M block gas limit a batch then holds about 1,500 signed operations. A refused priority
/// operation's opening reruns the executor's rule, a native Schnorr verification for a forced exit (1.3 ms).
/// <para>Batch proof v5 (messages and challenges hashed in the trace, the signature kept there) measured the same way
/// (2026-12-07 15:08–15:10 UTC, load 25–31): 2.1 ms at 1 transfer, 3.3 ms at 64, 5.4 ms at 256; priced at the same
/// 2.5 ms fixed plus 15 µs per signed operation (v4 keeps its 45 µs), at or above every measured size.</para>
/// <para>Retuned for v5 after the verifier got faster (session 14, `verifysplit N` and `verifysplit N compact`, 2026-12-07
/// 20:46 UTC, load average 8–9): 2.0 ms at 1 transfer, 2.7 ms at 64, 4.2 ms at 256 (4.4 ms compact) and 8.5 ms at 1,024,
/// about 6 µs more per transfer from 64 up. At 15 µs a 1,024-transfer batch paid for 17.9 ms, twice its cost and twice
/// L1's own rate per CPU-microsecond (a transfer's 21,000 gas, a dispute step's 150,000 gas for 0.26–0.6 ms are 250–580 gas
/// per µs). Now 2.5 ms fixed plus 8 µs per signed operation, still at or above every measured size: 3.0 ms priced at 64,
/// 4.5 ms at 256, 10.7 ms at 1,024 (also above the previous verifier's 10.1 ms there), about 470–520 gas per measured
/// µs.</para>
/// Pubdata bytes are hashed into the statements at a few ns each.
/// </summary>
public static class ZkVerificationGas
{
    /// <summary>Gas per microsecond of verification: L1's measured transfer rate (19.6 k/s × 21,000 gas).</summary>
    public const ulong GasPerMicrosecond = 410;

    public const ulong Base = 21_000 + 2_500 * GasPerMicrosecond;
    /// <summary>Batch proof v4: the verifier hashes each signer's message and challenge natively.</summary>
    public const ulong PerSignerNativeChallenge = 45 * GasPerMicrosecond;

    /// <summary>Batch proof v5 and v6 (the same statements and trace): nothing hashed per signer, only its statement's 18
    /// assertions and its updates' (see the type's summary).</summary>
    public const ulong PerSigner = 8 * GasPerMicrosecond;
    public const ulong PerOpening = 1_300 * GasPerMicrosecond;
    public const ulong PerPubdataByte = 16;
    public const ulong PerProofByte = 2;

    /// <summary>The intrinsic gas of a submission with these counts (no overflow: every count is bounded by its codec).</summary>
    public static ulong For(int signers, int openings, uint pubdataBytes, int proofBytes) =>
        For(L2.Zk.Proving.ZkBatchProof.Version, signers, openings, pubdataBytes, proofBytes);

    /// <summary>As <see cref="For(int, int, uint, int)"/> for a proof of batch proof <paramref name="version"/>.</summary>
    public static ulong For(byte version, int signers, int openings, uint pubdataBytes, int proofBytes)
    {
        ulong perSigner = version == L2.Zk.Proving.ZkBatchProof.NativeChallengeVersion ? PerSignerNativeChallenge : PerSigner;
        return checked(Base + (ulong)signers * perSigner + (ulong)openings * PerOpening + pubdataBytes * PerPubdataByte + (ulong)proofBytes * PerProofByte);
    }
}
