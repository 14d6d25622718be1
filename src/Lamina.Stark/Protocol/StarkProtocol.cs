using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Lamina.Stark.Air;
using Lamina.Stark.Commitments;
using Lamina.Stark.Field;
using Lamina.Stark.Polynomials;
using Lamina.Stark.Proofs;

namespace Lamina.Stark.Protocol;

/// <summary>Steps shared verbatim by prover and verifier, so the two cannot drift apart.</summary>
internal static class StarkProtocol
{
    /// <summary>The extension generator X (so that an element is c0 + c1·X + c2·X²).</summary>
    public static readonly Felt3 ExtensionBasis1 = new(Felt.Zero, Felt.One, Felt.Zero);
    public static readonly Felt3 ExtensionBasis2 = new(Felt.Zero, Felt.Zero, Felt.One);

    static StarkProtocol()
    {
        // Leaf hashing reinterprets field elements as bytes; the proof format is little-endian.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Lamina.Stark requires a little-endian platform");
        }
    }

    /// <summary>
    /// Seeds Fiat–Shamir with everything the statement consists of: protocol version, AIR name and shape,
    /// options and public inputs. Changing any of them changes every challenge.
    /// </summary>
    public static Transcript CreateTranscript(StarkAir air, ProofOptions options)
    {
        var seed = new List<byte>();
        seed.AddRange("lamina-stark/v1"u8.ToArray());
        seed.Add(ProofCodec.Version);
        byte[] name = Encoding.UTF8.GetBytes(air.Name);
        AddU32(seed, (uint)name.Length);
        seed.AddRange(name);
        AddU32(seed, (uint)air.TraceLength);
        AddU32(seed, (uint)air.TraceWidth);
        seed.Add((byte)options.BlowupFactor);
        seed.Add((byte)options.NumQueries);
        seed.Add((byte)options.GrindingBits);
        seed.Add((byte)options.FoldingFactor);
        AddU32(seed, (uint)options.RemainderMaxDegree);
        seed.Add((byte)options.Hash);
        byte[] pub = air.PublicInputBytes();
        AddU32(seed, (uint)pub.Length);
        seed.AddRange(pub);
        return new Transcript(StarkHasher.For(options.Hash), seed.ToArray());
    }

    private static void AddU32(List<byte> list, uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        list.AddRange(b.ToArray());
    }

    public static Digest32 HashRow(StarkHasher hasher, ReadOnlySpan<Felt> row) =>
        hasher.Hash(StarkHasher.LeafTag, MemoryMarshal.AsBytes(row));

    public static Digest32 HashGroup(StarkHasher hasher, ReadOnlySpan<Felt3> group) =>
        hasher.Hash(StarkHasher.LeafTag, MemoryMarshal.AsBytes(group));

    /// <summary>Coefficient form of each periodic column's small polynomial Q (P(x) = Q(x^(n/p))).</summary>
    public static Felt[][] PeriodicCoefficients(StarkAir air)
    {
        IReadOnlyList<Felt[]> columns = air.PeriodicColumns;
        Felt[][] result = new Felt[columns.Count][];
        for (int k = 0; k < columns.Count; k++)
        {
            result[k] = Polynomial.InterpolateSubgroup(columns[k]);
        }
        return result;
    }

    /// <summary>
    /// Assertions sorted by (row, column) and grouped by row: boundary quotients share one divisor per row. Two
    /// assertions of one cell with different values are refused (<see cref="ArgumentException"/>): both would get the
    /// same coefficient λ^c·μ^k (<see cref="CompositionCoefficients"/>), so a trace holding their average would pass.
    /// </summary>
    public static Assertion[] SortedAssertions(StarkAir air)
    {
        Assertion[] assertions = air.GetAssertions().ToArray();
        Array.Sort(assertions, (a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : a.Column.CompareTo(b.Column));
        for (int i = 1; i < assertions.Length; i++)
        {
            Assertion a = assertions[i - 1], b = assertions[i];
            if (a.Row == b.Row && a.Column == b.Column && a.Value != b.Value)
            {
                throw new ArgumentException($"{air.Name}: cell ({a.Column}, {a.Row}) is asserted to be both {a.Value} and {b.Value}");
            }
        }
        return assertions;
    }

    /// <summary>
    /// Evaluates the composition polynomial from the AIR at the out-of-domain point z, from the claimed trace
    /// values at z and g·z. This is the value Σ_j z^(j·n)·H_j(z) must equal.
    /// </summary>
    public static Felt3 EvaluateCompositionAt(
        StarkAir air, StarkDomain domain, Felt3 z, ReadOnlySpan<Felt3> current, ReadOnlySpan<Felt3> next,
        ReadOnlySpan<Felt3> transitionCoefficients, ReadOnlySpan<Felt3> boundaryCoefficients, Assertion[] assertions)
    {
        int n = domain.TraceLength;
        Felt[][] periodicCoefficients = PeriodicCoefficients(air);
        Felt3[] periodic = new Felt3[periodicCoefficients.Length];
        for (int k = 0; k < periodic.Length; k++)
        {
            int p = periodicCoefficients[k].Length;
            periodic[k] = Polynomial.Evaluate(periodicCoefficients[k], z.Pow((ulong)(n / p)));
        }
        Felt3[] results = new Felt3[air.TransitionDegrees.Count];
        air.EvaluateTransition<Felt3>(current, next, periodic, results);
        Felt3 transitions = Felt3.Zero;
        for (int t = 0; t < results.Length; t++)
        {
            transitions += transitionCoefficients[t] * results[t];
        }
        Felt lastRow = domain.TraceGenerator.Pow((ulong)(n - 1));
        Felt3 zn = z.Pow((ulong)n);
        Felt3 value = transitions * (z - lastRow) * (zn - Felt.One).Inverse();
        // Assertions are sorted by row: one divisor z − g^row per distinct row, all inverted in one batch.
        int groups = 0;
        for (int a = 0; a < assertions.Length; a++)
        {
            if (a == 0 || assertions[a].Row != assertions[a - 1].Row) groups++;
        }
        Felt3[] divisors = new Felt3[groups];
        for (int a = 0, g = -1; a < assertions.Length; a++)
        {
            if (a == 0 || assertions[a].Row != assertions[a - 1].Row)
            {
                divisors[++g] = z - domain.TraceGenerator.Pow((ulong)assertions[a].Row);
            }
        }
        BatchInversion.InvertInPlace<Felt3>(divisors);
        Felt3 sum = Felt3.Zero;
        for (int a = 0, g = -1; a < assertions.Length; a++)
        {
            if (a == 0 || assertions[a].Row != assertions[a - 1].Row)
            {
                if (g >= 0) value += sum * divisors[g];
                sum = Felt3.Zero;
                g++;
            }
            Assertion s = assertions[a];
            sum += boundaryCoefficients[a] * (current[s.Column] - s.Value);
        }
        if (groups > 0) value += sum * divisors[groups - 1];
        return value;
    }

    /// <summary>H(z) = Σ_j z^(j·n) H_j(z) from the per-column values.</summary>
    public static Felt3 CombineCompositionColumns(ReadOnlySpan<Felt3> columnsAtZ, Felt3 z, int n)
    {
        Felt3 zn = z.Pow((ulong)n);
        Felt3 power = Felt3.One;
        Felt3 sum = Felt3.Zero;
        foreach (Felt3 c in columnsAtZ)
        {
            sum += power * c;
            power *= zn;
        }
        return sum;
    }

    public static Felt3 FromComponents(Felt c0, Felt c1, Felt c2) => new(c0, c1, c2);
}
