using Lamina.Core.Codec;
using Lamina.L1.Blobs;
using Lamina.L1.Rollups;
using Lamina.L1.Transactions;
using Lamina.L2.Zk.Proving;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// Submits batch <see cref="BatchNumber"/> of a ZK rollup: a blob-carrying transaction (EIP-4844 style) whose blob is
/// the batch's pubdata, posted in the rollup's namespace and carried as a sidecar by the blob machinery
/// (<see cref="TxPayload.CarriedBlob"/>), so the bytes are on DA and in the block's data root but not in the body.
/// The body holds the proof and the <see cref="ZkBatchEffects"/> L1 applies. Body:
/// <code>rollup id (u32) ‖ batch number (u64) ‖ effects ‖ max fee per blob gas (u64) ‖ pubdata length (u32, 1 to
/// MaxBlobBytes) ‖ pubdata commitment (32, BlobCommitment) ‖ proof (u32 length ‖ proof bytes, whose first byte is
/// their AIR version: decoded by that version's verifier, <see cref="ZkAirVersions"/>)</code>
/// The gas limit must cover <see cref="IntrinsicGas"/>, which prices verification by its measured cost (the proof's
/// own, <see cref="ZkAirProof.VerificationGas"/>); the blob fee is charged on top as for any blob.
/// </summary>
public sealed class ZkBatchPayload : TxPayload
{
    /// <summary>The largest proof a submission carries (a 1,024-transfer batch proves in about 350 KiB; the whole transaction stays under 512 KiB).</summary>
    public const int MaxProofBytes = 448 * 1024;

    private ZkBatchPayload(uint rollupId, ulong batchNumber, ZkBatchEffects effects, BlobPayload blob, byte[] proofBytes, ZkAirProof proof)
    {
        RollupId = rollupId;
        BatchNumber = batchNumber;
        Effects = effects;
        Blob = blob;
        ProofBytes = proofBytes;
        Proof = proof;
        IntrinsicGas = proof.VerificationGas(blob.DataLength, proofBytes.Length);
    }

    /// <summary>A submission with its pubdata (the operator's side): the blob's commitment is computed from it.</summary>
    public ZkBatchPayload(uint rollupId, ulong batchNumber, ZkBatchEffects effects, ulong maxFeePerBlobGas, byte[] pubdata, ZkAirProof proof)
        : this(rollupId, batchNumber, effects ?? throw new ArgumentNullException(nameof(effects)),
            new BlobPayload(RollupNamespace.Of(rollupId), maxFeePerBlobGas, pubdata), Encoded(proof), proof)
    {
    }

    /// <summary>A submission of a proof of the batch statement Lamina.L2 proves today (<see cref="ZkBatchAirVerifier"/>).</summary>
    public ZkBatchPayload(uint rollupId, ulong batchNumber, ZkBatchEffects effects, ulong maxFeePerBlobGas, byte[] pubdata, ZkBatchProof proof)
        : this(rollupId, batchNumber, effects, maxFeePerBlobGas, pubdata, new ZkBatchAirVerifier.Proof(proof))
    {
    }

    public uint RollupId { get; }
    public ulong BatchNumber { get; }
    public ZkBatchEffects Effects { get; }

    /// <summary>The pubdata blob: namespace, fee cap, length and commitment; its bytes once the sidecar is held.</summary>
    public BlobPayload Blob { get; }

    public byte[] ProofBytes { get; }
    /// <summary>The decoded proof; its <see cref="ZkAirProof.Version"/> must be the rollup's AIR version.</summary>
    public ZkAirProof Proof { get; }

    public override BlobPayload CarriedBlob => Blob;
    public override TxKind Kind => TxKind.ZkBatch;
    public override ulong IntrinsicGas { get; }

    public override void EncodeBody(CanonicalWriter writer)
    {
        writer.WriteU32(RollupId);
        writer.WriteU64(BatchNumber);
        Effects.Write(writer);
        writer.WriteU64(Blob.MaxFeePerBlobGas);
        writer.WriteU32(Blob.DataLength);
        writer.WriteHash(Blob.Commitment);
        writer.WriteBytes(ProofBytes);
    }

    internal static ZkBatchPayload DecodeBody(ref CanonicalReader reader)
    {
        var id = reader.ReadU32("rollup id");
        var number = reader.ReadU64("batch number");
        var effects = ZkBatchEffects.Read(ref reader);
        var maxFee = reader.ReadU64("max fee per blob gas");
        var lengthAt = reader.Position;
        var length = reader.ReadU32("pubdata length");
        if (length == 0) throw new CodecException(CodecError.InvalidValue, "a batch has pubdata", lengthAt);
        if (length > BlobParameters.MaxBlobBytes) throw new CodecException(CodecError.Oversize, $"pubdata of {length} bytes is over the blob limit of {BlobParameters.MaxBlobBytes}", lengthAt);
        var commitment = reader.ReadHash("pubdata commitment");
        var proofAt = reader.Position;
        var proofBytes = reader.ReadBytes(MaxProofBytes, "batch proof").ToArray();
        ZkAirProof proof;
        try
        {
            proof = ZkAirVersions.Default.Decode(proofBytes);
        }
        catch (CodecException e)
        {
            throw new CodecException(e.Error, $"batch proof: {e.Message}", proofAt);
        }
        var blob = new BlobPayload(RollupNamespace.Of(id), maxFee, length, commitment);
        return new ZkBatchPayload(id, number, effects, blob, proofBytes, proof);
    }

    private static byte[] Encoded(ZkAirProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var bytes = proof.Encode();
        if (bytes.Length > MaxProofBytes) throw new ArgumentException($"a proof of {bytes.Length} bytes is over the {MaxProofBytes} a submission carries", nameof(proof));
        return bytes;
    }
}
