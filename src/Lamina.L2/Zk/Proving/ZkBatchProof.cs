using Lamina.Core.Codec;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;

namespace Lamina.L2.Zk.Proving;

/// <summary>
/// The proof of a batch: the state proof (<see cref="Air.AccountTreeTransitionAir"/>), the signature proof
/// (<see cref="Air.SchnorrSignaturesAir"/>, empty when nothing is signed), per applied signed operation the signer's
/// nonce, key and signature, and per refused priority operation the opening of its leaf (which the state proof
/// asserts, and from which the verifier rechecks the refusal). Both proofs take these as public inputs (they are not
/// pubdata: a verifier cannot know them otherwise). Encoding: version u8 (= 2), count u32, per signer
/// nonce u32 ‖ key 40 ‖ signature 80, count u32, per opening has-key u8 (0 or 1) ‖ key 40 if 1 ‖ balance u64 ‖
/// nonce u32, then the two proofs as length-prefixed bytes.
/// </summary>
public sealed record ZkBatchProof(IReadOnlyList<SignerWitness> Signers, IReadOnlyList<AccountLeaf> Openings, byte[] StateProof, byte[] SignatureProof)
{
    public const byte Version = 2;
    public const int MaxSigners = 1 << 16;
    public const int MaxOpenings = 1 << 16;
    public const int MaxProofBytes = 16 << 20;

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(256 + StateProof.Length + SignatureProof.Length + 124 * Signers.Count + 53 * Openings.Count);
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
        writer.WriteCount(Openings.Count);
        foreach (AccountLeaf leaf in Openings)
        {
            writer.WriteU8(leaf.Key is null ? (byte)0 : (byte)1);
            if (leaf.Key is ZkPublicKey key)
            {
                key.CopyTo(buffer);
                writer.WriteRaw(buffer[..ZkPublicKey.Size]);
            }
            writer.WriteU64(leaf.Balance);
            writer.WriteU32(leaf.Nonce);
        }
        writer.WriteBytes(StateProof);
        writer.WriteBytes(SignatureProof);
        return writer.ToArray();
    }

    /// <summary>Decodes exactly one proof; malformed input is a <see cref="CodecException"/>.</summary>
    public static ZkBatchProof Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        reader.ExpectVersion(Version, "ZK batch proof");
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
        int openingCount = reader.ReadCount(MaxOpenings, 1 + 8 + 4, "openings");
        var openings = new List<AccountLeaf>(openingCount);
        for (int i = 0; i < openingCount; i++)
        {
            openings.Add(ReadOpening(ref reader, i));
        }
        byte[] state = reader.ReadBytes(MaxProofBytes, "state proof").ToArray();
        byte[] signatures = reader.ReadBytes(MaxProofBytes, "signature proof").ToArray();
        reader.EnsureEnd("ZK batch proof");
        return new ZkBatchProof(signers, openings, state, signatures);
    }

    private static AccountLeaf ReadOpening(ref CanonicalReader reader, int i)
    {
        int at = reader.Position;
        byte hasKey = reader.ReadU8("opening key flag");
        if (hasKey > 1)
        {
            throw new CodecException(CodecError.NonCanonical, $"opening {i}: key flag {hasKey} is neither 0 nor 1", at);
        }
        try
        {
            ZkPublicKey? key = hasKey == 1 ? new ZkPublicKey(reader.ReadRaw(ZkPublicKey.Size, "opening key")) : null;
            ulong balance = reader.ReadU64("opening balance");
            if (balance > AccountLeaf.MaxBalance)
            {
                throw new CodecException(CodecError.InvalidValue, $"opening {i}: balance above the 2^62 limit", at);
            }
            return new AccountLeaf(key, balance, reader.ReadU32("opening nonce"));
        }
        catch (ArgumentException e)
        {
            throw new CodecException(CodecError.InvalidValue, $"opening {i}: {e.Message}", at);
        }
    }
}

/// <summary>What the proof carries per applied signed operation besides the pubdata.</summary>
public readonly record struct SignerWitness(uint Nonce, ZkPublicKey SenderKey, ZkSignature Signature);
