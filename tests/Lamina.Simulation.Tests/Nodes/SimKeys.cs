using Lamina.Core.Crypto;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>Fixed keys, so a (config, seed) pair names one run: validator i has seed i + 1, client j seed 10,000 + j.</summary>
internal static class SimKeys
{
    private static readonly SigningKey[] ValidatorCache = Enumerable.Range(0, 128).Select(i => FromNumber((ulong)i + 1)).ToArray();
    private static readonly SigningKey[] ClientCache = Enumerable.Range(0, 16).Select(i => FromNumber(10_000 + (ulong)i)).ToArray();

    public static SigningKey[] Validators(int n) => ValidatorCache[..n];

    public static SigningKey[] Clients(int n) => ClientCache[..n];

    private static SigningKey FromNumber(ulong n) => SigningKey.FromSeed(BitConverter.GetBytes(n).Concat(new byte[24]).ToArray());
}
