using System.Text.Json.Nodes;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;
using Lamina.Stark.Hashing;

namespace Lamina.Cli.Commands;

/// <summary>Parsing shared by the L1-side `lamina zk` commands; bad input is a <see cref="FormatException"/> naming the option.</summary>
internal static class ZkCliParse
{
    public static RpoDigest Digest(string text, string option)
    {
        try
        {
            return RpoDigest.FromBytes(Core.Hex.DecodeFixed(text, RpoDigest.ByteLength, option));
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{option}: {e.Message}");
        }
    }

    public static uint Index(uint index, string option)
        => index < AccountTree.Capacity ? index : throw new FormatException($"{option} must be an account index below 2^{AccountTree.Depth}");

    public static ZkPublicKey PublicKey(string? keyFile, string? hex)
    {
        if ((keyFile is null) == (hex is null)) throw new FormatException("give exactly one of --zk-key and --public-key");
        if (keyFile is not null) return SigningKey(keyFile).PublicKey;
        try
        {
            return new ZkPublicKey(Core.Hex.DecodeFixed(hex!, ZkPublicKey.Size, "--public-key"));
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"--public-key: {e.Message}");
        }
    }

    /// <summary>
    /// The signing key of a ZK key file as `lamina keys new --scheme zk` writes it (JSON: type "zk-schnorr-ecgfp5",
    /// publicKey, seed; 32-byte seed in hex); the public key in the file must be the seed's.
    /// </summary>
    public static ZkSigningKey SigningKey(string path)
    {
        var json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new FormatException($"{path} is not a JSON object");
        if (json["type"]?.GetValue<string>() != "zk-schnorr-ecgfp5") throw new FormatException($"{path} is not a ZK key file (type zk-schnorr-ecgfp5)");
        var seed = Core.Hex.DecodeFixed(json["seed"]?.GetValue<string>() ?? throw new FormatException($"{path} has no seed"), ZkSigningKey.SeedSize, "seed");
        var key = ZkSigningKey.FromSeed(seed);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
        var stated = json["publicKey"]?.GetValue<string>();
        if (stated is null || !Core.Hex.Decode(stated).AsSpan().SequenceEqual(key.PublicKey.ToArray()))
            throw new FormatException($"{path}: its public key is not the one its seed derives");
        return key;
    }
}
