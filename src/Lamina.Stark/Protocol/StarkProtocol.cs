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
        // Written into one array of the exact size: the ZK batch AIRs' public inputs are hundreds of kilobytes at 1,024
        // transfers, and a growing list copied them several times over (large-object-heap allocations the verifier paid for).
        // An AIR that knows its public inputs' length writes them in place (StarkAir.WritePublicInputs), not copied again.
        byte[] name = Encoding.UTF8.GetBytes(air.Name);
        int? inPlace = air.PublicInputLength;
        byte[]? pub = inPlace is null ? air.PublicInputBytes() : null;
        int pubLength = inPlace ?? pub!.Length;
        ReadOnlySpan<byte> version = "lamina-stark/v1"u8;
        var seed = new byte[version.Length + 1 + 4 + name.Length + 4 + 4 + 4 + 4 + 1 + 4 + pubLength];
        int at = 0;
        version.CopyTo(seed);
        at += version.Length;
        seed[at++] = ProofCodec.Version;
        BinaryPrimitives.WriteUInt32LittleEndian(seed.AsSpan(at), (uint)name.Length);
        at += 4;
        name.CopyTo(seed, at);
        at += name.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(seed.AsSpan(at), (uint)air.TraceLength);
        BinaryPrimitives.WriteUInt32LittleEndian(seed.AsSpan(at + 4), (uint)air.TraceWidth);
        at += 8;
        seed[at++] = (byte)options.BlowupFactor;
        seed[at++] = (byte)options.NumQueries;
        seed[at++] = (byte)options.GrindingBits;
        seed[at++] = (byte)options.FoldingFactor;
        BinaryPrimitives.WriteUInt32LittleEndian(seed.AsSpan(at), (uint)options.RemainderMaxDegree);
        at += 4;
        seed[at++] = (byte)options.Hash;
        BinaryPrimitives.WriteUInt32LittleEndian(seed.AsSpan(at), (uint)pubLength);
        at += 4;
        if (pub is null)
        {
            air.WritePublicInputs(seed.AsSpan(at, pubLength));
        }
        else
        {
            pub.CopyTo(seed, at);
        }
        return new Transcript(StarkHasher.For(options.Hash), seed);
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
    /// key per assertion (the ZK batch AIRs have tens of thousands: a comparison delegate cost the verifier milliseconds).
    /// <para>An array already in order is returned as it is (not copied: nothing writes to it), checked in one pass; the
    /// ZK batch AIRs give theirs in order, tens of thousands of them.</para></summary>
    public static Assertion[] SortedAssertions(StarkAir air, IReadOnlyList<Assertion> list)
    {
        ReadOnlySpan<Assertion> given = StarkAir.AssertionSpan(list);
        int i = 1;
        for (; i < given.Length; i++)
        {
            Assertion a = given[i - 1], b = given[i];
            long ka = Key(a), kb = Key(b);
            if (ka > kb)
            {
                break;
            }
            if (ka == kb && a.Value != b.Value)
            {
                throw Contradiction(air, a, b);
            }
        }
        if (i >= given.Length)
        {
            return list as Assertion[] ?? given.ToArray();
        }
        Assertion[] assertions = given.ToArray();
        var keys = new long[assertions.Length];
        for (int k = 0; k < assertions.Length; k++) keys[k] = Key(assertions[k]);
        Array.Sort(keys, assertions);
        for (int k = 1; k < assertions.Length; k++)
        {
            Assertion a = assertions[k - 1], b = assertions[k];
            if (a.Row == b.Row && a.Column == b.Column && a.Value != b.Value)
            {
                throw Contradiction(air, a, b);
            }
        }
        return assertions;
    }

    private static ArgumentException Contradiction(StarkAir air, Assertion a, Assertion b) =>
        new($"{air.Name}: cell ({a.Column}, {a.Row}) is asserted to be both {a.Value} and {b.Value}");

    /// <summary>
    /// Evaluates the composition polynomial from the AIR at the out-of-domain point z, from the claimed trace
    /// values at z and g·z. This is the value Σ_j z^(j·n)·H_j(z) must equal. The boundary part
    /// Σ_a λ^c·μ^k·(T_c(z) − v_a)/(z − g^row) is summed row by row as Σ_k μ^k/(z − g^row_k)·Σ_(a on row k) (λ^c·T_c(z) − λ^c·v_a),
    /// with λ^c·T_c(z) computed once per column: per assertion one extension-by-base product instead of two extension
    /// products (the same field element; the ZK batch AIRs assert tens of thousands of cells), see <see cref="BoundaryAt"/>.
    /// </summary>
    public static Felt3 EvaluateCompositionAt(
        StarkAir air, StarkDomain domain, Felt3 z, ReadOnlySpan<Felt3> current, ReadOnlySpan<Felt3> next,
        CompositionCoefficients coefficients, Assertion[] assertions)
    {
        int n = domain.TraceLength;
        Felt3[] periodic = PeriodicValuesAt(air.PeriodicColumns, z, n);
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
        return value + BoundaryAt(domain, z, current, coefficients, assertions);
    }

    /// <summary>
    /// Σ_k μ^k·s_k/(z − g^(row_k)) over the distinct asserted rows, accumulated from the last row to the first (Horner in μ)
    /// as one fraction N/D: N ← s_k·D + N·μ·(z − g^(row_k)), D ← D·(z − g^(row_k)), one inversion at the end. No list of
    /// divisors (the ZK batch AIRs assert on thousands of rows); μ·(z − g^row) = μz − μ·g^row is a base-field product, so
    /// three extension products per row; g^row from two tables (row = 2^10·hi + lo) instead of a power per row. A method of
    /// its own so that the JIT inlines the extension products here (in the caller it did not: about a millisecond at
    /// 1,024 transfers).
    /// </summary>
    private static Felt3 BoundaryAt(StarkDomain domain, Felt3 z, ReadOnlySpan<Felt3> current, CompositionCoefficients coefficients,
        Assertion[] assertions)
    {
        ReadOnlySpan<Felt3> columnWeights = coefficients.ColumnWeights;
        var weighted = new Felt3[current.Length];
        for (int c = 0; c < weighted.Length; c++)
        {
            weighted[c] = columnWeights[c] * current[c];
        }
        var rowPoints = new RowPoints(domain.TraceGenerator, domain.TraceLength);
        Felt3 mu = coefficients.RowChallenge;
        Felt3 muZ = mu * z;
        Felt3 numerator = Felt3.Zero;
        Felt3 denominator = Felt3.One;
        // The row's Σ λ^c·T_c(z) and Σ λ^c·v_a per extension component, reduced once per row (LazyFeltSum).
        LazyFeltSum t0 = default, t1 = default, t2 = default, v0 = default, v1 = default, v2 = default;
        for (int a = assertions.Length - 1; a >= 0; a--)
        {
            Assertion s = assertions[a];
            Felt3 t = weighted[s.Column], w = columnWeights[s.Column];
            t0.Add(t.C0);
            t1.Add(t.C1);
            t2.Add(t.C2);
            v0.AddProduct(w.C0, s.Value);
            v1.AddProduct(w.C1, s.Value);
            v2.AddProduct(w.C2, s.Value);
            if (a == 0 || assertions[a - 1].Row != s.Row)
            {
                Felt3 sum = new(t0.Value - v0.Value, t1.Value - v1.Value, t2.Value - v2.Value);
                Felt point = rowPoints.At(s.Row);
                numerator = sum * denominator + numerator * (muZ - Felt3.MulBase(mu, point));
                denominator *= z - point;
                t0 = t1 = t2 = v0 = v1 = v2 = default;
            }
        }
        return numerator * denominator.Inverse();
    }

    /// <summary>
    /// Each periodic column's polynomial at z, P(z) = Q(x) with x = z^(n/p), by the barycentric formula on the p-th roots
    /// of unity ω^j: Q(x) = (x^p − 1)/p · Σ_j Q(ω^j)·ω^j/(x − ω^j). The weights are shared by all columns of one length
    /// and the sum skips zeros (most of the ZK AIRs' periodic columns are row indicators), so no column is interpolated:
    /// the verifier had spent about a millisecond on inverse NTTs and extension-field Horner steps for the batch AIR's
    /// 512-row columns. Exactly the value of the interpolated polynomial; if x is itself a root of unity (probability
    /// about p/2^192) the column is interpolated instead.
    /// </summary>
    internal static Felt3[] PeriodicValuesAt(IReadOnlyList<Felt[]> columns, Felt3 z, int n)
    {
        var values = new Felt3[columns.Count];
        var weightsByLength = new Dictionary<int, Felt3[]?>();
        for (int k = 0; k < values.Length; k++)
        {
            Felt[] column = columns[k];
            int p = column.Length;
            Felt3 x = z.Pow((ulong)(n / p));
            if (!weightsByLength.TryGetValue(p, out Felt3[]? weights))
            {
                weights = BarycentricWeights(x, p);
                weightsByLength.Add(p, weights);
            }
            if (weights is null)
            {
                values[k] = Polynomial.Evaluate(Polynomial.InterpolateSubgroup(column), x);
                continue;
            }
            Felt3 sum = Felt3.Zero;
            for (int j = 0; j < p; j++)
            {
                if (column[j] != Felt.Zero) sum += Felt3.MulBase(weights[j], column[j]);
            }
            values[k] = sum;
        }
        return values;
    }

    /// <summary>(x^p − 1)/p · ω^j/(x − ω^j) for j &lt; p, ω a primitive p-th root of unity; null if x^p = 1.</summary>
    private static Felt3[]? BarycentricWeights(Felt3 x, int p)
    {
        Felt3 vanishing = x.Pow((ulong)p) - Felt.One;
        if (vanishing == Felt3.Zero)
        {
            return null;
        }
        Felt omega = Felt.RootOfUnity(Polynomials.Ntt.Log2(p));
        var points = new Felt[p];
        var weights = new Felt3[p];
        Felt point = Felt.One;
        for (int j = 0; j < p; j++)
        {
            points[j] = point;
            weights[j] = x - point;
            point *= omega;
        }
        BatchInversion.InvertInPlace<Felt3>(weights);
        Felt3 scale = vanishing * Felt.FromU64((ulong)p).Inverse();
        for (int j = 0; j < p; j++)
        {
            weights[j] = Felt3.MulBase(scale * weights[j], points[j]);
        }
        return weights;
    }

    private static long Key(Assertion a) => ((long)a.Row << 32) | (uint)a.Column;

    /// <summary>g^row for any row of an n-row trace from two tables of powers (g^(2^10·hi) and g^lo), about 1,500 products to build.</summary>
    private readonly struct RowPoints
    {
        private const int LowBits = 10;
        private readonly Felt[] _low;
        private readonly Felt[] _high;

        public RowPoints(Felt g, int n)
        {
            int low = Math.Min(n, 1 << LowBits);
            _low = CompositionCoefficients.Powers(g, low);
            _high = CompositionCoefficients.Powers(g.Pow((ulong)low), (n + low - 1) / low);
        }

        public Felt At(int row) => _high[row >> LowBits] * _low[row & ((1 << LowBits) - 1)];
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
