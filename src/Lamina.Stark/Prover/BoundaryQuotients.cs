using System.Numerics;
using Lamina.Stark.Air;
using Lamina.Stark.Field;
using Lamina.Stark.Polynomials;
using Lamina.Stark.Protocol;

namespace Lamina.Stark.Prover;

/// <summary>
/// Adds the boundary part of the composition, Σ_a β_a·(T_col(x) − v_a)/(x − g^row), at every LDE point, without one
/// divisor per asserted row. An AIR asserting the same columns in every segment (one row group per segment) would
/// otherwise cost O(assertions × LDE size), which dominated proving for the ZK batch AIRs.
/// <para>The coefficients factor as β = λ^c·μ^k (<see cref="CompositionCoefficients"/>), so the columns asserted on
/// one set S of rows share their numerator: Σ_c Σ_(r∈S) λ^c·μ^k·(T_c(x) − v_c,r)/(x − g^r)
/// = [V(x)·N(x) − M(x)]/(x^n − 1) with V = Σ_c λ^c·T_c, N the polynomial of degree &lt; n with N(g^r) = μ^k·n·g^(−r) on
/// S (0 elsewhere) and M likewise with μ^k·Σ_c λ^c·v_c,r. One such group per distinct row set costs six size-n LDEs
/// (N and M, three base-field components each) however many columns it holds, where a group per column cost three
/// per column. A row set with only a few rows is cheaper row by row: each of its rows r is a group of period n
/// (m = 1: constant numerators, divisor 1/(x − g^r)). A row set that is one row of every segment (r + k·P) is a group
/// of period P: numerators of degree &lt; m = n/P, so m-point transforms. The result is the same field element at every point as the
/// per-row formula (tested against it).</para>
/// </summary>
internal static class BoundaryQuotients
{
    private const int PointChunk = 1 << 12;

    /// <summary>Assertions on rows r ≡ Residue (mod Period): the columns (with λ^c), and per row μ^k and μ^k·Σ_c λ^c·v_c,r.</summary>
    private sealed record Group(int Period, int Residue, List<(int Column, Felt3 Weight)> Columns,
        SortedDictionary<int, Felt3> RowWeights, SortedDictionary<int, Felt3> ValueWeights);

    /// <summary>
    /// Adds the boundary part at the points of <paramref name="domain"/>'s LDE coset, which are every
    /// <paramref name="stride"/>-th point of <paramref name="traceLde"/> (the prover evaluates it on n points, its degree
    /// being below n: <see cref="CompositionEvaluator"/>).
    /// </summary>
    public static void Add(StarkDomain domain, Felt[][] traceLde, int stride, CompositionCoefficients coefficients, Assertion[] assertions, Felt[][] result)
    {
        if (assertions.Length == 0)
        {
            return;
        }
        long phase = ProverPhaseLog.Start();
        List<Group> groups = BuildGroups(domain.TraceLength, coefficients, assertions);
        ProverPhaseLog.End($"boundary: grouping ({groups.Count} groups, {groups.Count(g => g.Period < domain.TraceLength)} row sets)", phase);
        foreach (Group group in groups)
        {
            AddGroup(domain, traceLde, stride, group, result);
        }
    }

    private static List<Group> BuildGroups(int n, CompositionCoefficients coefficients, Assertion[] assertions)
    {
        // Per column: its asserted rows (ascending, as the assertions are sorted by row) and their indices.
        var byColumn = new SortedDictionary<int, List<int>>();
        for (int a = 0; a < assertions.Length; a++)
        {
            if (!byColumn.TryGetValue(assertions[a].Column, out List<int>? list))
            {
                byColumn[assertions[a].Column] = list = [];
            }
            list.Add(a);
        }
        var rowSetGroups = new Dictionary<string, Group>();
        var singleRowGroups = new SortedDictionary<int, Group>();
        var ordered = new List<Group>();
        foreach (var (column, members) in byColumn)
        {
            Felt3 columnWeight = coefficients.ColumnWeights[column];
            bool perRow = members.Count * 8.0 < 3.0 * BitOperations.Log2((uint)n) + 6.0;
            Group group;
            if (perRow)
            {
                foreach (int a in members)
                {
                    int row = assertions[a].Row;
                    if (!singleRowGroups.TryGetValue(row, out Group? single))
                    {
                        singleRowGroups[row] = single = new Group(n, row, [], new(), new());
                        ordered.Add(single);
                    }
                    AddMember(single, column, columnWeight, assertions[a], coefficients.RowWeights[a]);
                }
                continue;
            }
            string key = RowSetKey(assertions, members);
            if (!rowSetGroups.TryGetValue(key, out Group? shared))
            {
                (int period, int residue) = Progression(assertions, members, n);
                rowSetGroups[key] = shared = new Group(period, residue, [], new(), new());
                ordered.Add(shared);
            }
            group = shared;
            foreach (int a in members)
            {
                AddMember(group, column, columnWeight, assertions[a], coefficients.RowWeights[a]);
            }
        }
        return ordered;
    }

    private static void AddMember(Group group, int column, Felt3 columnWeight, Assertion assertion, Felt3 rowWeight)
    {
        if (group.Columns.Count == 0 || group.Columns[^1].Column != column)
        {
            group.Columns.Add((column, columnWeight));
        }
        group.RowWeights[assertion.Row] = rowWeight;
        group.ValueWeights.TryGetValue(assertion.Row, out Felt3 value);
        group.ValueWeights[assertion.Row] = value + columnWeight * rowWeight * assertion.Value;
    }

    /// <summary>
    /// (P, r) when the rows are exactly r, r + P, r + 2P, … up to n (the same row of every segment, as most of the
    /// batch AIRs' assertions are): its numerators then have degree &lt; n/P, so their interpolations and extensions are
    /// n/P-point transforms instead of n-point ones. Otherwise (1, 0): the group spans all n rows.
    /// </summary>
    private static (int Period, int Residue) Progression(Assertion[] assertions, List<int> members, int n)
    {
        if (members.Count < 2 || n % members.Count != 0)
        {
            return (1, 0);
        }
        int first = assertions[members[0]].Row;
        int period = n / members.Count;
        if (first >= period)
        {
            return (1, 0);
        }
        for (int i = 1; i < members.Count; i++)
        {
            if (assertions[members[i]].Row != first + i * period)
            {
                return (1, 0);
            }
        }
        return (period, first);
    }

    private static string RowSetKey(Assertion[] assertions, List<int> members)
    {
        var rows = new int[members.Count];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = assertions[members[i]].Row;
        }
        return string.Join(',', rows);
    }

    private static void AddGroup(StarkDomain domain, Felt[][] traceLde, int stride, Group group, Felt[][] result)
    {
        int ldeSize = domain.LdeSize;
        int m = domain.TraceLength / group.Period;
        Felt sInverse = domain.TraceGenerator.Pow((ulong)group.Residue).Inverse();
        Felt cosetOffset = StarkDomain.Offset * sInverse;
        long phase = ProverPhaseLog.Start();
        Felt[] denominators = Denominators(domain, m, cosetOffset, sInverse);
        int period = denominators.Length;
        Felt[][] rowNumerator = new Felt[3][], valueNumerator = new Felt[3][];
        Parallel.For(0, 2, which =>
        {
            Felt[][] target = which == 0 ? rowNumerator : valueNumerator;
            Felt[][] values = Numerator(domain, group, which == 0 ? group.RowWeights : group.ValueWeights, ldeSize, cosetOffset);
            values.CopyTo(target, 0);
        });
        ProverPhaseLog.End("boundary: divisors and numerators", phase);
        phase = ProverPhaseLog.Start();
        var columns = group.Columns.ToArray();
        int chunks = Math.Max(1, ldeSize / PointChunk);
        int chunkLength = ldeSize / chunks;
        Parallel.For(0, chunks, chunk =>
        {
            for (int i = chunk * chunkLength; i < (chunk + 1) * chunkLength; i++)
            {
                Felt3 v = Felt3.Zero;
                foreach (var (column, weight) in columns)
                {
                    v += weight * traceLde[column][i * stride];
                }
                Felt3 numerator = v * At(rowNumerator, i) - At(valueNumerator, i);
                Felt3 term = numerator * denominators[i & (period - 1)];
                result[0][i] += term.C0;
                result[1][i] += term.C1;
                result[2][i] += term.C2;
            }
        });
        if (m > 1)
        {
            // Extended by Ntt.EvaluateOnCoset, so from the prover's pool: the next group (and proof) reuses them.
            BufferPool<Felt>.Shared.Return(rowNumerator);
            BufferPool<Felt>.Shared.Return(valueNumerator);
        }
        ProverPhaseLog.End("boundary: combination at every point", phase);
    }

    private static Felt3 At(Felt[][] components, int i) =>
        components[0].Length == 1
            ? new Felt3(components[0][0], components[1][0], components[2][0])
            : new Felt3(components[0][i], components[1][i], components[2][i]);

    /// <summary>
    /// The polynomial of degree &lt; m with value w_r·m·ω^(−k) at ω^k (row r = residue + k·period), on the LDE coset
    /// (three base-field components; a single value each when m = 1, the polynomial being a constant).
    /// </summary>
    private static Felt[][] Numerator(StarkDomain domain, Group group, SortedDictionary<int, Felt3> weights, int ldeSize, Felt cosetOffset)
    {
        int m = domain.TraceLength / group.Period;
        Felt omegaInverse = domain.TraceGenerator.Pow((ulong)group.Period).Inverse();
        Felt mFelt = Felt.FromU64((ulong)m);
        // Rented and cleared (the weights are added in); given back once extended, when m > 1.
        var components = new Felt[3][];
        for (int j = 0; j < 3; j++)
        {
            components[j] = m == 1 ? new Felt[1] : BufferPool<Felt>.Shared.Rent(m);
            Array.Clear(components[j]);
        }
        foreach (var (row, weight) in weights)
        {
            int k = (row - group.Residue) / group.Period;
            Felt3 w = weight * (mFelt * omegaInverse.Pow((ulong)k));
            components[0][k] += w.C0;
            components[1][k] += w.C1;
            components[2][k] += w.C2;
        }
        if (m == 1)
        {
            return components;
        }
        var lde = new Felt[3][];
        Parallel.For(0, 3, j =>
        {
            Ntt.Inverse(components[j]);
            lde[j] = Ntt.EvaluateOnCoset(components[j], ldeSize, cosetOffset);
        });
        BufferPool<Felt>.Shared.Return(components);
        return lde;
    }

    /// <summary>s⁻¹/(y^m − 1) along the LDE, which repeats with period N/m: y_i^m = (offset/s)^m·(ω_N^m)^i.</summary>
    private static Felt[] Denominators(StarkDomain domain, int m, Felt cosetOffset, Felt sInverse)
    {
        int period = domain.LdeSize / m;
        var denominators = new Felt[period];
        Felt step = domain.LdeGenerator.Pow((ulong)m);
        Felt y = cosetOffset.Pow((ulong)m);
        for (int i = 0; i < period; i++)
        {
            denominators[i] = y - Felt.One;
            y *= step;
        }
        BatchInversion.InvertInPlace<Felt>(denominators);
        for (int i = 0; i < period; i++)
        {
            denominators[i] *= sInverse;
        }
        return denominators;
    }
}
