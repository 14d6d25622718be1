using System.Security.Cryptography;
using Lamina.Stark.Commitments;

namespace Lamina.Stark.Tests;

public class OpenSslSha256Tests
{
    [Fact]
    public void LibcryptoIsUsedOnLinux()
    {
        // CI runs on Debian with the .NET SDK, which needs libcrypto.so.3: the fast path must be live there.
        Assert.Equal(OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("LAMINA_STARK_MANAGED_SHA256") != "1",
            StarkHasher.Sha256.UsesOpenSsl);
        Assert.False(StarkHasher.ManagedSha256.UsesOpenSsl);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(31)]
    [InlineData(56)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(768)]
    [InlineData(912)]
    [InlineData(1023)]
    [InlineData(1500)]
    public void BothBackendsMatchPlatformSha256(int length)
    {
        const int count = 11;
        byte[] data = new byte[count * length];
        ulong s = (ulong)length + 7;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)TestData.Next(ref s);
        }
        foreach (StarkHasher hasher in new[] { StarkHasher.Sha256, StarkHasher.ManagedSha256 })
        {
            byte[] output = new byte[count * 32];
            hasher.HashBatch(0x5A, data, length, output);
            for (int k = 0; k < count; k++)
            {
                byte[] expected = SHA256.HashData([0x5A, .. data.AsSpan(k * length, length)]);
                Assert.Equal(expected, output[(32 * k)..(32 * k + 32)]);
                Assert.Equal(new Digest32(expected), hasher.Hash(0x5A, data.AsSpan(k * length, length)));
            }
        }
    }

    [Fact]
    public void MerkleRootsAgreeAcrossBackends()
    {
        var leaves = new Digest32[1 << 13];
        for (int i = 0; i < leaves.Length; i++)
        {
            leaves[i] = StarkHasher.ManagedSha256.Hash(StarkHasher.LeafTag, BitConverter.GetBytes(i));
        }
        var native = new MerkleTree(leaves, StarkHasher.Sha256);
        var managed = new MerkleTree(leaves, StarkHasher.ManagedSha256);
        Assert.Equal(managed.Root, native.Root);
        var lean = new MerkleTree(leaves.Length, 3, (first, output) => leaves.AsSpan(first, output.Length).CopyTo(output), StarkHasher.ManagedSha256);
        Assert.Equal(managed.Root, lean.Root);
    }
}
