using System.Text.Json;
using System.Text.Json.Serialization;
using Lamina.Core;
using Lamina.L2.Zk.Crypto;

namespace Lamina.L2.Zk.Wallet;

/// <summary>
/// A ZK-rollup wallet key on disk as JSON, the way L1 key files are kept: the 32-byte seed with its public key
/// (checked on load, so a damaged or hand-edited file is caught before it signs), written with owner-only
/// permissions, created exclusively so an existing key is never overwritten. The key is stateless (Schnorr over
/// ECgFp5), so there is no counter to keep crash-safe. Failures are <see cref="ZkKeyFileException"/>s.
/// </summary>
public sealed class ZkKeyFile
{
    public const string Scheme = "zk-schnorr-ecgfp5";

    [JsonPropertyName("type")] public string Type { get; set; } = Scheme;
    [JsonPropertyName("publicKey")] public string? PublicKey { get; set; }
    [JsonPropertyName("seed")] public string? Seed { get; set; }

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    /// <summary>Creates a key from fresh randomness and writes it to <paramref name="path"/>, which must not exist.</summary>
    public static ZkSigningKey CreateNew(string path)
    {
        byte[] seed = System.Security.Cryptography.RandomNumberGenerator.GetBytes(ZkSigningKey.SeedSize);
        try
        {
            Write(path, seed);
            return ZkSigningKey.FromSeed(seed);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
        }
    }

    public static void Write(string path, ReadOnlySpan<byte> seed)
    {
        ZkSigningKey key = ZkSigningKey.FromSeed(seed);
        var file = new ZkKeyFile { PublicKey = key.PublicKey.ToString(), Seed = Hex.Encode(seed) };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var stream = new FileStream(path, options);
            JsonSerializer.Serialize(stream, file, Options);
            stream.Flush(flushToDisk: true);
        }
        catch (IOException e) when (File.Exists(path))
        {
            throw new ZkKeyFileException($"{path} already exists; a key file is never overwritten", e);
        }
    }

    public static ZkSigningKey Read(string path)
    {
        ZkKeyFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ZkKeyFile>(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ZkKeyFileException($"cannot read ZK key file {path}: {e.Message.TrimEnd('.')}; create one with 'lamina keys new --scheme zk'", e);
        }
        catch (JsonException e)
        {
            throw new ZkKeyFileException($"ZK key file {path} is not valid JSON: {e.Message}", e);
        }
        if (file?.Type != Scheme || file.Seed is null) throw new ZkKeyFileException($"ZK key file {path} must have \"type\": \"{Scheme}\" and a \"seed\"");
        ZkSigningKey key;
        try
        {
            key = ZkSigningKey.FromSeed(Hex.DecodeFixed(file.Seed, ZkSigningKey.SeedSize, "seed"));
        }
        catch (FormatException e)
        {
            throw new ZkKeyFileException($"ZK key file {path}: {e.Message}", e);
        }
        if (file.PublicKey is not null && !string.Equals(file.PublicKey, key.PublicKey.ToString(), StringComparison.OrdinalIgnoreCase))
            throw new ZkKeyFileException($"ZK key file {path}: the public key does not match the seed; the file is damaged");
        return key;
    }

    /// <summary>Well-known development keys for the devnet: anyone can derive them.</summary>
    public static ZkSigningKey DevKey(int index) =>
        ZkSigningKey.FromSeed(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes($"lamina devnet well-known zk key {index}")));
}
