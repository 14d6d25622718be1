using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Hashing;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// One AIR version L1 verifies (<see cref="ZkAirVersions"/>): how a batch proof of that version decodes (its first
/// byte is the version) and how it is checked against what L1 knows. A rollup names its version at registration, and
/// only this verifier ever checks its batches.
/// </summary>
public abstract class ZkAirVerifier
{
    public abstract byte Version { get; }

    /// <summary>Decodes exactly one proof of <see cref="Version"/>; malformed input is a <c>CodecException</c>.</summary>
    public abstract ZkAirProof Decode(ReadOnlySpan<byte> proofBytes);

    /// <summary>
    /// Checks <paramref name="proof"/> (of this version: the caller checked) against <paramref name="statement"/>;
    /// a proof that fails throws <c>InvalidProofException</c>, a broken priority-queue rule
    /// <c>InvalidZkBatchException</c>.
    /// </summary>
    /// <returns>How many of the statement's pending priority operations the batch consumed.</returns>
    public abstract int Verify(ZkAirProof proof, ZkAirStatement statement);
}

/// <summary>A decoded batch proof of some AIR version, priced by its own shape.</summary>
public abstract class ZkAirProof
{
    public abstract byte Version { get; }

    /// <summary>The proof's canonical bytes, what a batch transaction carries.</summary>
    public abstract byte[] Encode();

    /// <summary>The intrinsic gas of a batch carrying this proof (verification priced by its measured cost).</summary>
    public abstract ulong VerificationGas(uint pubdataBytes, int proofBytes);
}

/// <summary>What L1 knows about a batch, the public side of every AIR version's statement.</summary>
public sealed record ZkAirStatement(ZkRollupDomain Domain, RpoDigest OldAccountRoot, RpoDigest NewAccountRoot, ulong BatchNumber,
    IReadOnlyList<PubdataOp> Pubdata, IReadOnlyList<ZkTransaction> PendingPriorityOps);
