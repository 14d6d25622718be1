using Lamina.L2.Zk.Proving;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// The batch statement Lamina.L2 proves today: <see cref="ZkBatchAir"/> in one STARK, checked by
/// <see cref="ZkBatchVerifier"/>, proofs in <see cref="ZkBatchProof"/>'s codec. Its AIR version is that codec's
/// version (4 since 2026-12-07), so a bump of the proof format moves it with the prover.
/// </summary>
public sealed class ZkBatchAirVerifier : ZkAirVerifier
{
    public override byte Version => ZkBatchProof.Version;

    public override ZkAirProof Decode(ReadOnlySpan<byte> proofBytes) => new Proof(ZkBatchProof.Decode(proofBytes));

    public override int Verify(ZkAirProof proof, ZkAirStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var batch = proof as Proof ?? throw new ArgumentException($"a version {proof?.Version} proof is not this verifier's", nameof(proof));
        return ZkBatchVerifier.Verify(statement.Domain, statement.OldAccountRoot, statement.NewAccountRoot, statement.BatchNumber,
            statement.Pubdata, statement.PendingPriorityOps, batch.Batch);
    }

    /// <summary>A <see cref="ZkBatchProof"/> as L1 carries it.</summary>
    public sealed class Proof(ZkBatchProof batch) : ZkAirProof
    {
        public ZkBatchProof Batch { get; } = batch ?? throw new ArgumentNullException(nameof(batch));
        public override byte Version => ZkBatchProof.Version;
        public override byte[] Encode() => Batch.Encode();
        public override ulong VerificationGas(uint pubdataBytes, int proofBytes) => ZkVerificationGas.For(Batch.Signers.Count, Batch.Openings.Count, pubdataBytes, proofBytes);
    }
}
