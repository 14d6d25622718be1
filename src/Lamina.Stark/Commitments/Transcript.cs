using System.Buffers.Binary;
using Lamina.Stark.Field;

namespace Lamina.Stark.Commitments;

/// <summary>
/// Fiat–Shamir transcript: a 32-byte chained state. Absorbing sets state = H(tag ‖ state ‖ data); drawing
/// hashes the state with a counter and rejection-samples canonical field elements, so challenges are uniform.
/// Prover and verifier run the same sequence of calls, which is what binds every challenge to everything
/// committed before it.
/// </summary>
public sealed class Transcript
{
    private readonly StarkHasher _hasher;
    private Digest32 _state;
    private ulong _counter;

    public Transcript(StarkHasher hasher, ReadOnlySpan<byte> domainSeparator)
    {
        _hasher = hasher;
        _state = hasher.Hash(StarkHasher.TranscriptTag, domainSeparator);
    }

    public Digest32 State => _state;

    public void Absorb(ReadOnlySpan<byte> data)
    {
        byte[] buffer = new byte[Digest32.Length + data.Length];
        _state.CopyTo(buffer);
        data.CopyTo(buffer.AsSpan(Digest32.Length));
        _state = _hasher.Hash(StarkHasher.TranscriptTag, buffer);
        _counter = 0;
    }

    public void Absorb(in Digest32 digest)
    {
        Span<byte> b = stackalloc byte[Digest32.Length];
        digest.CopyTo(b);
        Absorb(b);
    }

    public void Absorb(ReadOnlySpan<Felt3> values)
    {
        byte[] bytes = new byte[values.Length * 24];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24 * i), values[i].C0.Value);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24 * i + 8), values[i].C1.Value);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24 * i + 16), values[i].C2.Value);
        }
        Absorb(bytes);
    }

    private ulong DrawU64()
    {
        Span<byte> buffer = stackalloc byte[Digest32.Length + 8];
        _state.CopyTo(buffer);
        BinaryPrimitives.WriteUInt64LittleEndian(buffer[Digest32.Length..], _counter++);
        Digest32 h = _hasher.Hash(StarkHasher.TranscriptTag, buffer);
        Span<byte> out32 = stackalloc byte[Digest32.Length];
        h.CopyTo(out32);
        return BinaryPrimitives.ReadUInt64LittleEndian(out32);
    }

    public Felt DrawFelt()
    {
        while (true)
        {
            if (Felt.TryFromCanonical(DrawU64(), out Felt f))
            {
                return f;
            }
        }
    }

    public Felt3 DrawFelt3() => new(DrawFelt(), DrawFelt(), DrawFelt());

    public Felt3[] DrawFelt3s(int count)
    {
        Felt3[] result = new Felt3[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = DrawFelt3();
        }
        return result;
    }

    /// <summary>
    /// Draws query positions in [0, domainSize) and returns them sorted and de-duplicated (the duplicates are
    /// still drawn, so prover and verifier stay in lock-step).
    /// </summary>
    public int[] DrawQueryPositions(int count, int domainSize)
    {
        int[] positions = new int[count];
        ulong mask = (ulong)domainSize - 1;
        for (int i = 0; i < count; i++)
        {
            positions[i] = (int)(DrawU64() & mask);
        }
        return SortedDistinct(positions);
    }

    internal static int[] SortedDistinct(int[] values)
    {
        int[] copy = (int[])values.Clone();
        Array.Sort(copy);
        int n = 0;
        for (int i = 0; i < copy.Length; i++)
        {
            if (n == 0 || copy[n - 1] != copy[i])
            {
                copy[n++] = copy[i];
            }
        }
        return copy[..n];
    }

    /// <summary>True if H(state ‖ nonce) starts with at least <paramref name="bits"/> zero bits.</summary>
    public bool CheckProofOfWork(ulong nonce, int bits)
    {
        if (bits == 0)
        {
            return true;
        }
        Span<byte> buffer = stackalloc byte[Digest32.Length + 8];
        _state.CopyTo(buffer);
        BinaryPrimitives.WriteUInt64LittleEndian(buffer[Digest32.Length..], nonce);
        Digest32 h = _hasher.Hash(StarkHasher.ProofOfWorkTag, buffer);
        Span<byte> out32 = stackalloc byte[Digest32.Length];
        h.CopyTo(out32);
        ulong head = BinaryPrimitives.ReadUInt64BigEndian(out32);
        return System.Numerics.BitOperations.LeadingZeroCount(head) >= bits;
    }

    /// <summary>Finds the smallest nonce that satisfies the grinding condition (deterministic).</summary>
    public ulong FindProofOfWork(int bits)
    {
        for (ulong nonce = 0; ; nonce++)
        {
            if (CheckProofOfWork(nonce, bits))
            {
                return nonce;
            }
        }
    }
}
