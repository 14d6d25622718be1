using Lamina.Core.Codec;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;

namespace Lamina.L2.Zk.Proving;

/// <summary>
/// The proof of a batch: one STARK of <see cref="ZkBatchAir"/> (the account-tree transition and, when anything is
/// signed, every signature, in one trace), per applied signed operation the signer's nonce, key and signature, and per
/// refused priority operation the opening of its leaf (which the proof asserts, and from which the verifier rechecks
/// the refusal). The STARK takes these as public inputs (they are not pubdata: a verifier cannot know them
/// otherwise). Encoding: version u8 (6; 5, whose signature AIR keeps its next-y constraint at degree 5; or 4, whose
/// verifier hashes each signer's message and challenge natively;
/// version 3, whose signature AIR asserted natively decoded points, and version 2, a state proof and a separate
/// signature proof, are refused as unknown versions), count u32, per signer
/// nonce u32 ‖ key 40 (canonical coefficients; whether it is a key is the proof's business) ‖ in v4 only the signature
/// 80 (since v5 it stays in the trace: the proof shows its prover knows one), count u32, per opening
/// has-key u8 (0 or 1) ‖ key 40 if 1 ‖ balance u64 ‖ nonce u32, then the STARK as length-prefixed bytes.
/// </summary>
public sealed record ZkBatchProof(IReadOnlyList<SignerWitness> Signers, IReadOnlyList<AccountLeaf> Openings, byte[] Stark)
{
    /// <summary>The version the prover makes by default: messages and challenges hashed in the trace, the signature AIR's
    /// next-y constraint at degree 3 (<see cref="Air.SchnorrSignaturesAir.NextYFromNextX"/>).</summary>
    public const byte Version = 6;

    /// <summary>The previous version, the same trace with the next-y constraint at degree 5: still decoded, proven and
    /// verified for rollups registered under it.</summary>
    public const byte QuinticNextYVersion = 5;

    /// <summary>The version before, whose verifier hashes each signer's message and challenge natively: still decoded,
    /// proven and verified for rollups registered under it.</summary>
    public const byte NativeChallengeVersion = 4;

    /// <summary>This proof's version (<see cref="Version"/>, <see cref="QuinticNextYVersion"/> or <see cref="NativeChallengeVersion"/>).</summary>
    public byte ProofVersion { get; init; } = Version;

    public static bool IsKnownVersion(byte version) => version is Version or QuinticNextYVersion or NativeChallengeVersion;

    /// <summary>Whether a proof of <paramref name="version"/> hashes the signers' messages and challenges in its trace.</summary>
    public static bool HashesInTrace(byte version) => version switch
    {
        Version or QuinticNextYVersion => true,
        NativeChallengeVersion => false,
        _ => throw new ArgumentException($"batch proof version {version} is unknown", nameof(version)),
    };

    /// <summary>Whether a proof of <paramref name="version"/> states the next accumulator's y from the next row's x (degree 3).</summary>
    public static bool NextYFromNextX(byte version) => IsKnownVersion(version)
        ? version == Version
        : throw new ArgumentException($"batch proof version {version} is unknown", nameof(version));
    public const int MaxSigners = 1 << 16;
    public const int MaxOpenings = 1 << 16;
    public const int MaxProofBytes = 16 << 20;

    public byte[] Encode()
    {
        bool withSignatures = ProofVersion == NativeChallengeVersion;
        var writer = new CanonicalWriter(256 + Stark.Length + 124 * Signers.Count + 53 * Openings.Count);
        writer.WriteU8(ProofVersion);
        writer.WriteCount(Signers.Count);
        Span<byte> buffer = stackalloc byte[ZkSignature.Size];
        foreach (SignerWitness t in Signers)
        {
            writer.WriteU32(t.Nonce);
            t.SenderKey.WriteTo(buffer);
            writer.WriteRaw(buffer[..Fp5.ByteLength]);
            if (withSignatures)
            {
                (t.Signature ?? throw new InvalidOperationException("a v4 batch proof carries every signer's signature")).CopyTo(buffer);
                writer.WriteRaw(buffer);
            }
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
        writer.WriteBytes(Stark);
        return writer.ToArray();
    }

    /// <summary>Decodes exactly one proof; malformed input is a <see cref="CodecException"/>.</summary>
    public static ZkBatchProof Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        byte version = reader.ReadU8("ZK batch proof version");
        if (!IsKnownVersion(version))
        {
            throw new CodecException(CodecError.UnknownVersion, $"ZK batch proof version {version} is not supported (expected {NativeChallengeVersion}, {QuinticNextYVersion} or {Version})", 0);
        }
        bool withSignatures = version == NativeChallengeVersion;
        int count = reader.ReadCount(MaxSigners, 4 + ZkPublicKey.Size + (withSignatures ? ZkSignature.Size : 0), "signers");
        var signers = new List<SignerWitness>(count);
        for (int i = 0; i < count; i++)
        {
            int at = reader.Position;
            try
            {
                uint nonce = reader.ReadU32("nonce");
                if (!Fp5.TryFromBytes(reader.ReadRaw(Fp5.ByteLength, "sender key"), out Fp5 key))
                {
                    throw new CodecException(CodecError.NonCanonical, $"signer {i}: a key coefficient is not below p", at);
                }
                ZkSignature? signature = withSignatures ? new ZkSignature(reader.ReadRaw(ZkSignature.Size, "signature")) : null;
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
        byte[] stark = reader.ReadBytes(MaxProofBytes, "batch STARK").ToArray();
        reader.EnsureEnd("ZK batch proof");
        return new ZkBatchProof(signers, openings, stark) { ProofVersion = version };
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

/// <summary>
/// What the proof carries per applied signed operation besides the pubdata: the nonce, the signer's key encoding
/// w(Q) and, in v4 only, the signature (null when decoded from a v5 proof, which keeps it in the trace). The key is not
/// decoded or validated here (that took a GF(p^5) square root per signer): the proof shows it is the signer's leaf key
/// and decodes to the point the signature check computes with.
/// </summary>
public readonly record struct SignerWitness(uint Nonce, Fp5 SenderKey, ZkSignature? Signature)
{
    public SignerWitness(uint nonce, ZkPublicKey senderKey, ZkSignature? signature) : this(nonce, senderKey.W, signature)
    {
    }
}
