using System.Buffers.Binary;

namespace Lamina.Storage.Bench;

/// <summary>Deterministic keys and values, so every run (and every machine) measures the same bytes.</summary>
internal sealed class Workload
{
    public const int KeySize = 32;
    public const int ValueSize = 100;

    private readonly byte[] _values;

    public Workload(int entries, int seed)
    {
        Entries = entries;
        var random = new Random(seed);
        // Incompressible values, so LZ4 does not flatter the MB/s figures; a pool avoids allocating per write.
        _values = new byte[ValueSize * 1024];
        random.NextBytes(_values);
        RandomKeys = new byte[entries][];
        for (int i = 0; i < entries; i++)
        {
            RandomKeys[i] = new byte[KeySize];
            random.NextBytes(RandomKeys[i]);
        }
        ReadOrder = new int[entries];
        for (int i = 0; i < entries; i++) ReadOrder[i] = i;
        random.Shuffle(ReadOrder);
    }

    public int Entries { get; }

    /// <summary>Hash-like keys, as content-addressed state nodes and blocks have.</summary>
    public byte[][] RandomKeys { get; }

    /// <summary>A random permutation of entry indexes for point reads.</summary>
    public int[] ReadOrder { get; }

    /// <summary>Ascending keys (like big-endian heights): 24 zero bytes then the index, big-endian.</summary>
    public static void SequentialKey(Span<byte> key, long index)
    {
        key[..(KeySize - 8)].Clear();
        BinaryPrimitives.WriteInt64BigEndian(key[(KeySize - 8)..], index);
    }

    public ReadOnlySpan<byte> Value(long index) => _values.AsSpan((int)(index % 1024) * ValueSize, ValueSize);
}
