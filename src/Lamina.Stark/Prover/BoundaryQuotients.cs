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
/// <para>The assertions of a column are split by row residue modulo a period P (1 or n, chosen per column): rows
/// r0 + k·P lie on the coset s·⟨ω⟩ with s = g^r0 and ω = g^P of order m = n/P, where
/// Σ_k w_k/(x − s·ω^k) = s⁻¹·N(y)/(y^m − 1) for y = x/s, and N is the polynomial of degree &lt; m with
/// N(ω^k) = w_k·m·ω^(−k). With P = 1 every column with many asserted rows shares one group: per column one
/// numerator (three base-field LDEs of size-n polynomials), plus one for the values, and 1/(x^n − 1) takes only
/// blowup values. The result is the same field element at every point as the per-row formula, so proofs are
/// byte-identical.</para>
/// </summary>
internal static class BoundaryQuotients
{
    private const int AccumulateChunk = 1 << 13;

    /// <summary>Assertions on rows r ≡ <see cref="Residue"/> (mod <see cref="Period"/>), over one or more columns: they share 1/(y^m − 1) and the value numerator.</summary>
    private sealed record Group(int Period, int Residue, SortedDictionary<int, List<(int Row, Felt3 Beta)>> Columns, List<(int Row, Felt3 BetaValue)> Values);

    public static void Add(StarkDomain domain, Felt[][] traceLde, Felt3[] betas, Assertion[] assertions, Felt[][] result)
    {
        if (assertions.Length == 0)
        {
            return;
        }
        List<Group> groups = BuildGroups(domain.TraceLength, betas, assertions);
        int ldeSize = domain.LdeSize;
        object sync = new();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.ForEach(groups, options,
            () => new[] { new Felt[ldeSize], new Felt[ldeSize], new Felt[ldeSize] },
            (group, _, partial) =>
            {
                AddGroup(domain, traceLde, group, partial);
                return partial;
            },
            partial =>
            {
                lock (sync)
                {
                    AddInto(result, partial);
                }
            });
    }

    private static List<Group> BuildGroups(int n, Felt3[] betas, Assertion[] assertions)
    {
        var byColumn = new SortedDictionary<int, List<int>>();
        for (int a = 0; a < assertions.Length; a++)
        {
            if (!byColumn.TryGetValue(assertions[a].Column, out List<int>? list))
            {
                byColumn[assertions[a].Column] = list = [];
            }
            list.Add(a);
        }
        var groups = new SortedDictionary<(int Period, int Residue), Group>();
        foreach (var (column, members) in byColumn)
        {
            int period = ChoosePeriod(n, assertions, members);
            foreach (int a in members)
            {
                int residue = assertions[a].Row & (period - 1);
                if (!groups.TryGetValue((period, residue), out Group? group))
                {
                    groups[(period, residue)] = group = new Group(period, residue, [], []);
                }
                if (!group.Columns.TryGetValue(column, out var rows))
                {
                    group.Columns[column] = rows = [];
                }
                rows.Add((assertions[a].Row, betas[a]));
                group.Values.Add((assertions[a].Row, betas[a] * assertions[a].Value));
            }
        }
        return [.. groups.Values];
    }

    /// <summary>
    /// P = 1 (all the column's rows in one group, m = n: two size-n transforms per weight set, the cost of one trace
    /// column's LDE) unless the column has so few asserted rows that one divisor per row and point is cheaper (P = n).
    /// Size-m transforms for 1 &lt; m &lt; n would cost the same per group as m = n (the LDE pass dominates) with more groups.
    /// </summary>
    private static int ChoosePeriod(int n, Assertion[] assertions, List<int> members)
    {
        var rows = new HashSet<int>();
        foreach (int a in members)
        {
            rows.Add(assertions[a].Row);
        }
        double perRow = rows.Count * 8.0;
        double interpolated = 3.0 * BitOperations.Log2((uint)n) + 6.0;
        return perRow < interpolated ? n : 1;
    }

    private static void AddGroup(StarkDomain domain, Felt[][] traceLde, Group group, Felt[][] partial)
    {
        int ldeSize = domain.LdeSize;
        int m = domain.TraceLength / group.Period;
        Felt sInverse = domain.TraceGenerator.Pow((ulong)group.Residue).Inverse();
        Felt cosetOffset = StarkDomain.Offset * sInverse;
        Felt[] denominators = Denominators(domain, m, cosetOffset, sInverse);
        int period = denominators.Length;

        // Σ_c T_c·N_c(y) − N_v(y), then times s⁻¹/(y^m − 1).
        var sum = new Felt[3][];
        Felt[][] values = Numerator(domain, group, group.Values, ldeSize, cosetOffset);
        for (int j = 0; j < 3; j++)
        {
            sum[j] = values[j];
            Felt[] s = sum[j];
            for (int i = 0; i < ldeSize; i++) s[i] = -s[i];
        }
        foreach (var (column, rows) in group.Columns)
        {
            Felt[][] numerator = Numerator(domain, group, rows, ldeSize, cosetOffset);
            Felt[] t = traceLde[column];
            for (int j = 0; j < 3; j++)
            {
                Felt[] s = sum[j], num = numerator[j];
                for (int i = 0; i < ldeSize; i++) s[i] += t[i] * num[i];
            }
        }
        for (int j = 0; j < 3; j++)
        {
            Felt[] s = sum[j], p = partial[j];
            for (int i = 0; i < ldeSize; i++) p[i] += denominators[i & (period - 1)] * s[i];
        }
    }

    /// <summary>N on the LDE coset, where N(ω^k) = w_k·m·ω^(−k) for the weights of the group's rows (three base-field components).</summary>
    private static Felt[][] Numerator(StarkDomain domain, Group group, List<(int Row, Felt3 Weight)> weights, int ldeSize, Felt cosetOffset)
    {
        int m = domain.TraceLength / group.Period;
        Felt omegaInverse = domain.TraceGenerator.Pow((ulong)group.Period).Inverse();
        Felt mFelt = Felt.FromU64((ulong)m);
        var components = new[] { new Felt[m], new Felt[m], new Felt[m] };
        foreach (var (row, weight) in weights)
        {
            int k = (row - group.Residue) / group.Period;
            Felt3 w = weight * (mFelt * omegaInverse.Pow((ulong)k));
            components[0][k] += w.C0;
            components[1][k] += w.C1;
            components[2][k] += w.C2;
        }
        return [EvaluateOnLde(components[0], ldeSize, cosetOffset), EvaluateOnLde(components[1], ldeSize, cosetOffset),
            EvaluateOnLde(components[2], ldeSize, cosetOffset)];
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

    /// <summary>Values on the subgroup of size m → the polynomial's values on the LDE coset.</summary>
    private static Felt[] EvaluateOnLde(Felt[] valuesOnSubgroup, int ldeSize, Felt cosetOffset)
    {
        if (valuesOnSubgroup.Length == 1)
        {
            var constant = new Felt[ldeSize];
            Array.Fill(constant, valuesOnSubgroup[0]);
            return constant;
        }
        Ntt.Inverse(valuesOnSubgroup);
        return Ntt.EvaluateOnCoset(valuesOnSubgroup, ldeSize, cosetOffset);
    }

    private static void AddInto(Felt[][] result, Felt[][] partial)
    {
        int length = result[0].Length;
        int chunks = Math.Max(1, length / AccumulateChunk);
        int chunkLength = length / chunks;
        Parallel.For(0, chunks, chunk =>
        {
            for (int j = 0; j < 3; j++)
            {
                Felt[] r = result[j], p = partial[j];
                for (int i = chunk * chunkLength; i < (chunk + 1) * chunkLength; i++)
                {
                    r[i] += p[i];
                }
            }
        });
    }
}
