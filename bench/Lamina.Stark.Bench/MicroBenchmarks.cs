using BenchmarkDotNet.Attributes;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;
using Lamina.Stark.Polynomials;

namespace Lamina.Stark.Bench;

/// <summary>BenchmarkDotNet suite for the primitives the issue names: RPO merge, Goldilocks multiply, NTT of 2^20.</summary>
[MemoryDiagnoser]
public class MicroBenchmarks
{
    private readonly RpoDigest _left = new(1u, 2u, 3u, 4u);
    private readonly RpoDigest _right = new(5u, 6u, 7u, 8u);
    private Felt[] _values = [];
    private Felt[] _ntt = [];

    [GlobalSetup]
    public void Setup()
    {
        _values = new Felt[1024];
        ulong s = 12345;
        for (int i = 0; i < _values.Length; i++)
        {
            s = s * 6364136223846793005UL + 1442695040888963407UL;
            _values[i] = Felt.FromU64(s);
        }
        _ntt = new Felt[1 << 20];
        for (int i = 0; i < _ntt.Length; i++)
        {
            _ntt[i] = _values[i & 1023];
        }
    }

    [Benchmark]
    public RpoDigest RpoMerge() => Rpo256.Merge(_left, _right);

    /// <summary>1024 dependent multiplications; divide the time by 1024 for one multiply.</summary>
    [Benchmark(OperationsPerInvoke = 1024)]
    public Felt GoldilocksMultiply()
    {
        Felt acc = Felt.One;
        Felt[] v = _values;
        for (int i = 0; i < v.Length; i++)
        {
            acc *= v[i];
        }
        return acc;
    }

    [Benchmark]
    public void Ntt2Pow20() => Ntt.Forward(_ntt);
}
