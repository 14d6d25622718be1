using System.Security.Cryptography;
using Lamina.Stark.Commitments;

namespace Lamina.Stark.Tests;

public class Sha256BatchTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(54)]
    [InlineData(55)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(96)]
    [InlineData(119)]
    [InlineData(168)]
    [InlineData(500)]
    [InlineData(600)]
    public void MatchesPlatformSha256(int length)
    {
        byte[] data = new byte[8 * length];
        ulong s = (ulong)length + 1;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)TestData.Next(ref s);
        }
        byte[] output = new byte[8 * 32];
        Sha256Batch.Hash8(0x5A, data, length, output);
        for (int k = 0; k < 8; k++)
        {
            byte[] message = [0x5A, .. data.AsSpan(k * length, length)];
            Assert.Equal(SHA256.HashData(message), output[(32 * k)..(32 * k + 32)]);
        }
    }
}
