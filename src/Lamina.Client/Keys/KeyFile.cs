using System.Text.Json;
using System.Text.Json.Serialization;
using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.Client.Keys;

/// <summary>
/// An Ed25519 key on disk as JSON: the 32-byte seed plus its public key and address (checked on load, so a
/// damaged or hand-edited file is caught instead of signing with the wrong key). Written with owner-only permissions.
/// Wallets, the CLI, benches and nodes all read the same format.
/// </summary>
public sealed class KeyFile
{
    [JsonPropertyName("type")] public string Type { get; set; } = "ed25519";
    [JsonPropertyName("address")] public string? Address { get; set; }
    [JsonPropertyName("publicKey")] public string? PublicKey { get; set; }
    [JsonPropertyName("seed")] public string? Seed { get; set; }

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static void Write(string path, SigningKey key)
    {
        var file = new KeyFile { Address = key.Address.ToString(), PublicKey = key.PublicKey.ToString(), Seed = Hex.Encode(key.ExportSeed()) };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(file, Options));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public static SigningKey Read(string path)
    {
        KeyFile? file;
        try
        {
            file = JsonSerializer.Deserialize<KeyFile>(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException($"cannot read key file {path}: {e.Message.TrimEnd('.')}; create one with 'lamina keys new'", e);
        }
        catch (JsonException e)
        {
            throw new KeyFileException($"key file {path} is not valid JSON: {e.Message}", e);
        }
        if (file?.Type != "ed25519" || file.Seed is null) throw new KeyFileException($"key file {path} must have \"type\": \"ed25519\" and a \"seed\"");
        SigningKey key;
        try
        {
            key = SigningKey.FromSeed(Hex.DecodeFixed(file.Seed, SigningKey.SeedSize, "seed"));
        }
        catch (FormatException e)
        {
            throw new KeyFileException($"key file {path}: {e.Message}", e);
        }
        if (file.Address is not null && !string.Equals(file.Address, key.Address.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            key.Dispose();
            throw new KeyFileException($"key file {path}: the address does not match the seed; the file is damaged");
        }
        return key;
    }

    /// <summary>Well-known development keys (like Hardhat's): anyone can derive them, so never fund them on a real chain.</summary>
    public static SigningKey DevKey(int index)
    {
        var seed = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes($"lamina devnet well-known key {index}"));
        return SigningKey.FromSeed(seed);
    }
}
