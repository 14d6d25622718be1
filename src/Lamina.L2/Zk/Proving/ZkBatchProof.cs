using Lamina.Core.Codec;
using Lamina.L2.Zk.Crypto;

namespace Lamina.L2.Zk.Proving;

/// <summary>
/// The proof of a batch: the state proof (<see cref="Air.TransferUpdatesAir"/>), the signature proof
/// (<see cref="Air.SchnorrSignaturesAir"/>, empty when nothing is signed), and per applied signed operation the
/// signer's nonce, key and signature, which both proofs take as public inputs (they are not pubdata: a verifier
/// cannot know them otherwise). Encoding: version u8 (= 1), count u32, per signer nonce u32 ‖ key 40 ‖ signature 80,
/// then the two proofs as length-prefixed bytes.
/// </summary>
public sealed record ZkBatchProof(IReadOnlyList<SignerWitness> Signers, byte[] StateProof, byte[] SignatureProof)
{
    public const byte Version = 1;
    public const int MaxSigners = 1 << 16;
    public const int MaxProofBytes = 16 << 20;

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(256 + StateProof.Length + SignatureProof.Length + 124 * Signers.Count);
        writer.WriteU8(Version);
        writer.WriteCount(Signers.Count);
        Span<byte> buffer = stackalloc byte[ZkSignature.Size];
        foreach (SignerWitness t in Signers)
        {
            writer.WriteU32(t.Nonce);
            t.SenderKey.CopyTo(buffer);
            writer.WriteRaw(buffer[..ZkPublicKey.Size]);
            t.Signature.CopyTo(buffer);
            writer.WriteRaw(buffer);
        }
        writer.WriteBytes(StateProof);
        writer.WriteBytes(SignatureProof);
        return writer.ToArray();
    }

    /// <summary>Decodes exactly one proof; malformed input is a <see cref="CodecException"/>.</summary>
    public static ZkBatchProof Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        reader.ExpectVersion(Version, "ZK transfer batch proof");
        int count = reader.ReadCount(MaxSigners, 4 + ZkPublicKey.Size + ZkSignature.Size, "signers");
        var signers = new List<SignerWitness>(count);
        for (int i = 0; i < count; i++)
        {
            int at = reader.Position;
            try
            {
                uint nonce = reader.ReadU32("nonce");
                var key = new ZkPublicKey(reader.ReadRaw(ZkPublicKey.Size, "sender key"));
                var signature = new ZkSignature(reader.ReadRaw(ZkSignature.Size, "signature"));
                signers.Add(new SignerWitness(nonce, key, signature));
            }
            catch (ArgumentException e)
            {
                throw new CodecException(CodecError.InvalidValue, $"signer {i}: {e.Message}", at);
            }
        }
        byte[] state = reader.ReadBytes(MaxProofBytes, "state proof").ToArray();
        byte[] signatures = reader.ReadBytes(MaxProofBytes, "signature proof").ToArray();
        reader.EnsureEnd("ZK transfer batch proof");
        return new ZkBatchProof(signers, state, signatures);
    }
}

/// <summary>What the proof carries per applied signed operation besides the pubdata.</summary>
public readonly record struct SignerWitness(uint Nonce, ZkPublicKey SenderKey, ZkSignature Signature);
