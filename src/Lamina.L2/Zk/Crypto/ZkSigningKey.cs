using System.Numerics;
using System.Security.Cryptography;
using Lamina.Stark.Hashing;

namespace Lamina.L2.Zk.Crypto;

/// <summary>
/// A ZK-rollup account's secret key: a scalar x in 1..n−1, derived from a 32-byte seed so that wallets can
/// back it up as the seed. Stateless: signing needs no counter. Nonces are deterministic
/// (k = SHA-512(tag ‖ x ‖ message ‖ counter) mod n, the RFC 6979 idea), so signing needs no randomness and a
/// repeated message gives the same signature instead of leaking x.
/// </summary>
public sealed class ZkSigningKey
{
    public const int SeedSize = 32;

    private static readonly byte[] KeyTag = "lamina/zk/key/v1"u8.ToArray();
    private static readonly byte[] NonceTag = "lamina/zk/nonce/v1"u8.ToArray();

    private readonly BigInteger _secret;

    private ZkSigningKey(BigInteger secret)
    {
        _secret = secret;
        PublicKey = ZkPublicKey.FromEncoding(EcGfp5Point.Generator.Multiply(secret).Encode());
    }

    public ZkPublicKey PublicKey { get; }

    public static ZkSigningKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize)
        {
            throw new ArgumentException($"a ZK key seed is {SeedSize} bytes, got {seed.Length}", nameof(seed));
        }
        for (uint counter = 0; ; counter++)
        {
            BigInteger x = HashToScalar(KeyTag, seed, ReadOnlySpan<byte>.Empty, counter);
            if (!x.IsZero)
            {
                return new ZkSigningKey(x);
            }
        }
    }

    public ZkSignature Sign(RpoDigest message)
    {
        Span<byte> secretBytes = stackalloc byte[ZkScalar.ByteLength];
        ZkScalar.Write(_secret, secretBytes);
        byte[] messageBytes = message.ToBytes();
        for (uint counter = 0; ; counter++)
        {
            BigInteger k = HashToScalar(NonceTag, secretBytes, messageBytes, counter);
            if (k.IsZero)
            {
                continue;
            }
            Fp5 r = EcGfp5Point.Generator.Multiply(k).Encode();
            BigInteger e = SchnorrRpo.Challenge(r, PublicKey.W, message);
            BigInteger s = ZkScalar.Reduce(k + e * _secret);
            CryptographicOperations.ZeroMemory(secretBytes);
            return new ZkSignature(r, s);
        }
    }

    /// <summary>512 bits of SHA-512 reduced modulo n: the bias is below 2^−190.</summary>
    private static BigInteger HashToScalar(ReadOnlySpan<byte> tag, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> message, uint counter)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        sha.AppendData(tag);
        sha.AppendData(secret);
        sha.AppendData(message);
        Span<byte> counterBytes = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(counterBytes, counter);
        sha.AppendData(counterBytes);
        Span<byte> digest = stackalloc byte[64];
        sha.GetHashAndReset(digest);
        return ZkScalar.Reduce(new BigInteger(digest, isUnsigned: true, isBigEndian: false));
    }
}
