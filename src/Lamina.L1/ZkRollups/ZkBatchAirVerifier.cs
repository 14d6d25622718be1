using Lamina.Core.Codec;
using Lamina.L2.Zk.Proving;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// The batch statement Lamina.L2 proves: <see cref="ZkBatchAir"/> in one STARK, checked by <see cref="ZkBatchVerifier"/>,
/// proofs in <see cref="ZkBatchProof"/>'s codec. One instance per batch proof version L1 keeps: 5 (the default since
/// 2026-12-07: messages and challenges hashed in the trace) and 4 (the verifier hashes them natively, four RPO
/// permutations per signer). The AIR version is the codec's version byte.
/// </summary>
public sealed class ZkBatchAirVerifier : ZkAirVerifier
{
    public ZkBatchAirVerifier(byte version = ZkBatchProof.Version)
    {
        if (!ZkBatchProof.IsKnownVersion(version)) throw new ArgumentException($"batch proof version {version} is unknown", nameof(version));
        Version = version;
    }

    public override byte Version { get; }

    public override ZkAirProof Decode(ReadOnlySpan<byte> proofBytes)
    {
        var batch = ZkBatchProof.Decode(proofBytes);
        if (batch.ProofVersion != Version)
            throw new CodecException(CodecError.UnknownVersion, $"a version {batch.ProofVersion} batch proof is not this verifier's ({Version})", 0);
        return new Proof(batch);
    }

    public override int Verify(ZkAirProof proof, ZkAirStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var batch = proof as Proof is { } p && p.Version == Version
            ? p
            : throw new ArgumentException($"a version {proof?.Version} proof is not this verifier's", nameof(proof));
        return ZkBatchVerifier.Verify(statement.Domain, statement.OldAccountRoot, statement.NewAccountRoot, statement.BatchNumber,
            statement.Pubdata, statement.PendingPriorityOps, batch.Batch);
    }

    /// <summary>A <see cref="ZkBatchProof"/> as L1 carries it.</summary>
    public sealed class Proof(ZkBatchProof batch) : ZkAirProof
    {
        public ZkBatchProof Batch { get; } = batch ?? throw new ArgumentNullException(nameof(batch));
        public override byte Version => Batch.ProofVersion;
        public override byte[] Encode() => Batch.Encode();
        public override ulong VerificationGas(uint pubdataBytes, int proofBytes) =>
            ZkVerificationGas.For(Version, Batch.Signers.Count, Batch.Openings.Count, pubdataBytes, proofBytes);
    }
}
