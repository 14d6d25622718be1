using Lamina.L2.Zk.Wallet;

namespace Lamina.L2.Zk.Tests;

public sealed class ZkKeyFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zk-key-").FullName;

    [Fact]
    public void A_new_key_reads_back_the_same_and_is_private_to_its_owner()
    {
        string path = Path.Combine(_dir, "wallet.zkkey");
        var key = ZkKeyFile.CreateNew(path);
        Assert.Equal(key.PublicKey, ZkKeyFile.Read(path).PublicKey);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void An_existing_key_file_is_never_overwritten()
    {
        string path = Path.Combine(_dir, "wallet.zkkey");
        var key = ZkKeyFile.CreateNew(path);
        Assert.Throws<ZkKeyFileException>(() => ZkKeyFile.CreateNew(path));
        Assert.Equal(key.PublicKey, ZkKeyFile.Read(path).PublicKey);
    }

    [Fact]
    public void A_damaged_or_foreign_file_is_refused()
    {
        string path = Path.Combine(_dir, "wallet.zkkey");
        ZkKeyFile.CreateNew(path);
        string text = File.ReadAllText(path);
        string other = ZkKeyFile.DevKey(1).PublicKey.ToString();
        File.WriteAllText(path, System.Text.RegularExpressions.Regex.Replace(text, "\"publicKey\": \"[0-9a-f]+\"", $"\"publicKey\": \"{other}\""));
        Assert.Contains("does not match", Assert.Throws<ZkKeyFileException>(() => ZkKeyFile.Read(path)).Message);
        File.WriteAllText(path, "{\"type\": \"ed25519\", \"seed\": \"00\"}");
        Assert.Throws<ZkKeyFileException>(() => ZkKeyFile.Read(path));
        File.WriteAllText(path, "not json");
        Assert.Throws<ZkKeyFileException>(() => ZkKeyFile.Read(path));
        Assert.Throws<ZkKeyFileException>(() => ZkKeyFile.Read(Path.Combine(_dir, "missing")));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
