using Lamina.Core.Codec;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.Transactions;

namespace Lamina.Fuzz;

/// <summary>Targets for the ZK rollup's decoders (Lamina.L2.Zk): signed operations, batch pubdata, keys and signatures.</summary>
public static partial class FuzzTargets
{
    private static readonly ZkRollupDomain ZkDomain = new("lamina-fuzz", 1);

    /// <summary>ZkTransaction.Decode + re-encode; a decoded signed operation must yield its signing message.</summary>
    private static void ZkTransactionTarget(ReadOnlySpan<byte> input)
    {
        ZkTransaction tx;
        try
        {
            tx = ZkTransaction.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, tx.Encode(), nameof(ZkTransaction));
        if (tx is SignedZkTransaction signed)
        {
            _ = signed.SigningMessage(ZkDomain);
        }
    }

    /// <summary>PubdataCodec.Decode + re-encode; the commitment of what decoded must be computable.</summary>
    private static void ZkPubdataTarget(ReadOnlySpan<byte> input)
    {
        List<PubdataOp> ops;
        try
        {
            ops = PubdataCodec.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, PubdataCodec.Encode(ops), "zk pubdata");
        _ = PubdataCodec.Commitment(ops);
    }

    /// <summary>A 40-byte key then an 80-byte signature, each through its validating constructor and back.</summary>
    private static void ZkKeySignatureTarget(ReadOnlySpan<byte> input)
    {
        if (input.Length != ZkPublicKey.Size + ZkSignature.Size)
        {
            return;
        }
        try
        {
            var key = new ZkPublicKey(input[..ZkPublicKey.Size]);
            Same(input[..ZkPublicKey.Size], key.ToArray(), nameof(ZkPublicKey));
        }
        catch (ArgumentException)
        {
        }
        try
        {
            var signature = new ZkSignature(input[ZkPublicKey.Size..]);
            Same(input[ZkPublicKey.Size..], signature.ToArray(), nameof(ZkSignature));
        }
        catch (ArgumentException)
        {
        }
    }

    /// <summary>ZkBatchProof.Decode + re-encode (the inner STARK proofs have their own targets).</summary>
    private static void ZkBatchProofTarget(ReadOnlySpan<byte> input)
    {
        ZkBatchProof proof;
        try
        {
            proof = ZkBatchProof.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, proof.Encode(), nameof(ZkBatchProof));
    }
}
