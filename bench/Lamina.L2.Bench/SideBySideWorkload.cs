using System.Security.Cryptography;
using System.Text;
using Lamina.Core.Crypto;
using Lamina.L2.Zk.Crypto;

/// <summary>
/// The one workload every layer carries: transfer i goes from sender i mod S to sender (7i + 1) mod S (the next one
/// when that is itself), for i + 1 units; each sender sends its own transfers in order, all senders at once.
/// </summary>
internal static class SideBySideWorkload
{
    public static (int From, int To, ulong Amount) Transfer(int i, int senders)
    {
        int from = i % senders, to = (i * 7 + 1) % senders;
        if (to == from) to = (to + 1) % senders;
        return (from, to, (ulong)(i + 1));
    }

    /// <summary>The transfer indices sender <paramref name="s"/> sends, in order.</summary>
    public static IEnumerable<int> TransfersOf(int s, int transfers, int senders)
    {
        for (var i = s; i < transfers; i += senders) yield return i;
    }

    /// <summary>Fresh keys per run and layer, so nonces start at zero.</summary>
    public static SigningKey[] Keys(string layer, int senders)
        => [.. Enumerable.Range(0, senders).Select(i => SigningKey.FromSeed(SHA256.HashData(Encoding.UTF8.GetBytes($"sidebyside/{Salt}/{layer}/{i}"))))];

    public static ZkSigningKey[] ZkKeys(int senders)
        => [.. Enumerable.Range(0, senders).Select(i => ZkSigningKey.FromSeed(SHA256.HashData(Encoding.UTF8.GetBytes($"sidebyside/{Salt}/zk/{i}"))))];

    private static readonly long Salt = Environment.TickCount64;
}
