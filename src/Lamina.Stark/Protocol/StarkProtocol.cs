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
    public static Assertion[] SortedAssertions(StarkAir air) => SortedAssertions(air, air.GetAssertions());

    /// <summary>As <see cref="SortedAssertions(StarkAir)"/>, from assertions the caller already built. Sorted on one integer
    /// key per assertion (the ZK batch AIRs have tens of thousands: a comparison delegate cost the verifier milliseconds).</summary>
    public static Assertion[] SortedAssertions(StarkAir air, IReadOnlyList<Assertion> list)
    {
        Assertion[] assertions = [.. list];
        var keys = new long[assertions.Length];
        bool sorted = true;
        for (int i = 0; i < assertions.Length; i++)
        {
            keys[i] = ((long)assertions[i].Row << 32) | (uint)assertions[i].Column;
            sorted &= i == 0 || keys[i - 1] <= keys[i];
        }
        if (!sorted)
        {
            Array.Sort(keys, assertions);
        }
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
    /// values at z and g·z. This is the value Σ_j z^(j·n)·H_j(z) must equal. The boundary part
    /// Σ_a λ^c·μ^k·(T_c(z) − v_a)/(z − g^row) is summed row by row as Σ_k μ^k/(z − g^row_k)·Σ_(a on row k) (λ^c·T_c(z) − λ^c·v_a),
    /// with λ^c·T_c(z) computed once per column: per assertion one extension-by-base product instead of two extension
    /// products (the same field element; the ZK batch AIRs assert tens of thousands of cells).
    /// </summary>
    public static Felt3 EvaluateCompositionAt(
        StarkAir air, StarkDomain domain, Felt3 z, ReadOnlySpan<Felt3> current, ReadOnlySpan<Felt3> next,
        CompositionCoefficients coefficients, Assertion[] assertions)
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
        ReadOnlySpan<Felt3> transitionCoefficients = coefficients.Transitions;
        for (int t = 0; t < results.Length; t++)
        {
            transitions += transitionCoefficients[t] * results[t];
        }
        Felt lastRow = domain.TraceGenerator.Pow((ulong)(n - 1));
        Felt3 zn = z.Pow((ulong)n);
        Felt3 value = transitions * (z - lastRow) * (zn - Felt.One).Inverse();
        if (assertions.Length == 0)
        {
            return value;
        }
        ReadOnlySpan<Felt3> columnWeights = coefficients.ColumnWeights;
        var weighted = new Felt3[current.Length];
        for (int c = 0; c < weighted.Length; c++)
        {
            weighted[c] = columnWeights[c] * current[c];
        }
        // One divisor z − g^row per distinct row (rows ascend: g^row from the previous one), all inverted in one batch.
        var divisors = new List<Felt3>();
        var rowSums = new List<Felt3>();
        Felt rowPoint = Felt.One;
        int previousRow = 0;
        Felt3 sum = Felt3.Zero;
        for (int a = 0; a < assertions.Length; a++)
        {
            Assertion s = assertions[a];
            if (a == 0 || s.Row != assertions[a - 1].Row)
            {
                if (a > 0) rowSums.Add(sum);
                sum = Felt3.Zero;
                rowPoint *= domain.TraceGenerator.Pow((ulong)(s.Row - previousRow));
                previousRow = s.Row;
                divisors.Add(z - rowPoint);
            }
            sum += weighted[s.Column] - Felt3.MulBase(columnWeights[s.Column], s.Value);
        }
        rowSums.Add(sum);
        Span<Felt3> inverses = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(divisors);
        BatchInversion.InvertInPlace<Felt3>(inverses);
        Felt3 mu = coefficients.RowChallenge;
        Felt3 rowWeight = Felt3.One;
        Felt3 boundary = Felt3.Zero;
        for (int k = 0; k < inverses.Length; k++)
        {
            boundary += rowWeight * (rowSums[k] * inverses[k]);
            rowWeight *= mu;
        }
        return value + boundary;
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
