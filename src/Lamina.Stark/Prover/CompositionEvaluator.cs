using System.Runtime.CompilerServices;
using Lamina.Stark.Air;
using Lamina.Stark.Field;
using Lamina.Stark.Polynomials;
using Lamina.Stark.Proofs;
using Lamina.Stark.Protocol;

namespace Lamina.Stark.Prover;

/// <summary>
/// The coefficients of the composition polynomial
/// H(x) = Σ_t α_t·C_t(x)·(x − g^(n−1))/(x^n − 1) + Σ_a β_a·(T_col(x) − v)/(x − g^row), as three base-field components.
/// <para>Each term is a polynomial of known degree, so it need not be evaluated on the whole LDE: a transition quotient
/// of degree below k·n is fixed by its values on the coset offset·⟨ω^(blowup/k)⟩ of k·n points (every (blowup/k)-th LDE
/// point; k is <see cref="ConstraintDegree.DomainFactor"/>), and the boundary part, of degree below n, by n points. The
/// constraints are evaluated level by level, each level's sum is interpolated on its coset, and the coefficients are
/// added: the same polynomial as the defining formula on the whole LDE (tests compare it with the plain formula, Lamina.L2.Tests' `CompositionReference`), at
/// a fraction of the cost when most constraints have a low degree (the ZK batch AIRs: degree-7 RPO rounds beside
/// signature arithmetic of degree 2 to 5).</para>
/// <para>What a level cannot show by itself is a trace that breaks one of its constraints: interpolation always yields
/// a polynomial of the level's degree. So each level below the full LDE is checked at an LDE point outside its coset,
/// where a broken constraint makes the level's sum differ from its interpolation (except with probability about 2^−190
/// over α); the full-LDE level keeps the prover's degree check on the coefficients.</para>
/// </summary>
internal static partial class CompositionEvaluator
{
    private const int ChunkSize = 1 << 12;

    public static Felt[][] EvaluateCoefficients(
        StarkAir air, StarkDomain domain, Felt[][] traceLde, CompositionCoefficients coefficients, Assertion[] assertions, bool checkLevels)
    {
        int n = domain.TraceLength;
        IReadOnlyList<ConstraintDegree> degrees = air.TransitionDegrees;
        var levels = new SortedDictionary<int, List<int>>();
        int top = 1;
        for (int t = 0; t < degrees.Count; t++)
        {
            top = Math.Max(top, degrees[t].DomainFactor(n));
        }
        bool byFactor = air.EvaluatesByDomainFactor;
        for (int t = 0; t < degrees.Count; t++)
        {
            int factor = byFactor ? degrees[t].DomainFactor(n) : top;
            if (!levels.TryGetValue(factor, out List<int>? members))
            {
                levels[factor] = members = [];
            }
            members.Add(t);
        }
        var shared = new SharedTables(air, domain);
        Felt[][]? total = null;
        foreach (var (factor, members) in levels.Reverse())
        {
            long phase = ProverPhaseLog.Start();
            int[] constraints = [.. members];
            LevelColumns columns = LevelColumns.Probe(air, constraints, factor, byFactor);
            Felt[][] values = EvaluateLevel(air, domain, traceLde, shared, coefficients.Transitions, constraints, factor, byFactor, columns);
            Parallel.For(0, 3, j => Ntt.InterpolateCoset(values[j], StarkDomain.Offset));
            if (checkLevels && factor < domain.Blowup)
            {
                SpotCheck(air, domain, traceLde, shared, coefficients.Transitions, constraints, factor, byFactor, values);
            }
            total = AddInto(total, values, top * n);
            if (total != values)
            {
                BufferPool<Felt>.Shared.Return(values);
            }
            ProverPhaseLog.End($"constraint evaluation: transitions on {factor}n points ({constraints.Length} constraints; " +
                $"{columns.Trace.Length} of {air.TraceWidth} columns, {columns.Periodic.Length} of {air.PeriodicColumns.Count} periodic)", phase);
        }
        if (assertions.Length > 0)
        {
            long phase = ProverPhaseLog.Start();
            Felt[][] boundary = [new Felt[n], new Felt[n], new Felt[n]];
            // Degree below n: the n points of the coset offset·⟨g⟩, every blowup-th LDE point.
            BoundaryQuotients.Add(new StarkDomain(n, 1), traceLde, domain.Blowup, coefficients, assertions, boundary);
            Parallel.For(0, 3, j => Ntt.InterpolateCoset(boundary[j], StarkDomain.Offset));
            total = AddInto(total, boundary, top * n);
            ProverPhaseLog.End("constraint evaluation: boundary", phase);
        }
        return total!;
    }

    private static Felt[][] AddInto(Felt[][]? total, Felt[][] part, int length)
    {
        if (total is null && part[0].Length == length)
        {
            return part;
        }
        total ??= [new Felt[length], new Felt[length], new Felt[length]];
        for (int j = 0; j < 3; j++)
        {
            Span<Felt> target = total[j].AsSpan(0, part[j].Length);
            for (int i = 0; i < target.Length; i++)
            {
                target[i] += part[j][i];
            }
        }
        return total;
    }

    /// <summary>What every level reads: the periodic columns along the LDE and 1/(x^n − 1), which has only `blowup` values.</summary>
    private sealed class SharedTables
    {
        public SharedTables(StarkAir air, StarkDomain domain)
        {
            int n = domain.TraceLength;
            int blowup = domain.Blowup;
            Felt[][] periodicCoefficients = StarkProtocol.PeriodicCoefficients(air);
            Periodic = new Felt[periodicCoefficients.Length][];
            for (int k = 0; k < Periodic.Length; k++)
            {
                // P(x) = Q(x^(n/p)) repeats with period p·blowup along the LDE.
                int p = periodicCoefficients[k].Length;
                Periodic[k] = Ntt.EvaluateOnCoset(periodicCoefficients[k], p * blowup, StarkDomain.Offset.Pow((ulong)(n / p)));
            }
            VanishingInverse = new Felt[blowup];
            Felt offsetN = StarkDomain.Offset.Pow((ulong)n);
            Felt blowupRoot = Felt.RootOfUnity(Ntt.Log2(blowup));
            for (int i = 0; i < blowup; i++)
            {
                VanishingInverse[i] = offsetN * blowupRoot.Pow((ulong)i) - Felt.One;
            }
            BatchInversion.InvertInPlace<Felt>(VanishingInverse);
            LastRow = domain.TraceGenerator.Pow((ulong)(n - 1));
        }

        public Felt[][] Periodic { get; }
        public Felt[] VanishingInverse { get; }
        public Felt LastRow { get; }

        /// <summary>(x − g^(n−1))/(x^n − 1) at LDE point <paramref name="index"/> = x.</summary>
        public Felt TransitionFactor(Felt x, int index, int blowup) => (x - LastRow) * VanishingInverse[index & (blowup - 1)];
    }

    /// <summary>Σ α_t·C_t(x)·(x − g^(n−1))/(x^n − 1) over the level's constraints, at the points of its coset in order.</summary>
    private static Felt[][] EvaluateLevel(
        StarkAir air, StarkDomain domain, Felt[][] traceLde, SharedTables shared, Felt3[] alphas, int[] constraints, int factor, bool byFactor,
        LevelColumns columns)
    {
        int n = domain.TraceLength;
        int blowup = domain.Blowup;
        int size = factor * n;
        int step = blowup / factor;
        Felt generator = Felt.RootOfUnity(Ntt.Log2(size));
        Felt3[] levelAlphas = new Felt3[constraints.Length];
        for (int c = 0; c < constraints.Length; c++)
        {
            levelAlphas[c] = alphas[constraints[c]];
        }
        // Every element is written by the chunk loop, so these may come from the prover's pool.
        Felt[][] result = [BufferPool<Felt>.Shared.Rent(size), BufferPool<Felt>.Shared.Rent(size), BufferPool<Felt>.Shared.Rent(size)];
        int chunks = Math.Max(1, size / ChunkSize);
        int chunkLength = size / chunks;
        ulong[]? limbs = GoldilocksVector.IsSupported ? AlphaLimbs(levelAlphas) : null;
        // Each worker takes its buffers once per level (the cells from the prover's pool), not once per chunk: at 64
        // transfers the chunks' buffers were 180 MB of fresh, zeroed arrays per proof. Every block overwrites what it reads.
        Parallel.For(0, chunks,
            // One row block's values, combined before the next block is evaluated: a block's columns (a level's
            // constraints times 128 points) stay in L2, where a whole chunk's (4,096 points) went out to memory and back.
            () => (Rows: new RowBlock(air, factor, columns), Columns: BufferPool<Felt>.Shared.Rent(constraints.Length * RowBlock.Rows), Factors: new Felt[RowBlock.Rows]),
            [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk, _, buffers) =>
        {
            int start = chunk * chunkLength;
            var (rows, evaluationColumns, transitionFactor) = buffers;
            Felt x = StarkDomain.Offset * generator.Pow((ulong)start);
            for (int first = 0; first < chunkLength; first += RowBlock.Rows)
            {
                int count = Math.Min(RowBlock.Rows, chunkLength - first);
                for (int i = 0; i < count; i++)
                {
                    transitionFactor[i] = shared.TransitionFactor(x, (start + first + i) * step, blowup);
                    x *= generator;
                }
                rows.Load(traceLde, domain, shared, start + first, count);
                for (int r = 0; r < count; r++)
                {
                    ReadOnlySpan<Felt> evaluations = rows.Evaluate(air, r, byFactor ? factor : 0);
                    for (int c = 0; c < constraints.Length; c++)
                    {
                        evaluationColumns[c * count + r] = evaluations[constraints[c]];
                    }
                }
                if (limbs is not null && count % 4 == 0)
                {
                    CombineVector(limbs, levelAlphas.Length, evaluationColumns, transitionFactor, start + first, count, result);
                }
                else
                {
                    CombineScalar(levelAlphas, evaluationColumns, transitionFactor, start + first, count, result);
                }
            }
            return buffers;
        }, buffers =>
        {
            buffers.Rows.Release();
            BufferPool<Felt>.Shared.Return(buffers.Columns);
        });
        return result;
    }

    /// <summary>
    /// The level's sum evaluated directly at an LDE point outside its coset must equal its interpolation there; a
    /// trace that breaks one of the level's constraints (or a constraint declared below its degree) fails this.
    /// </summary>
    private static void SpotCheck(
        StarkAir air, StarkDomain domain, Felt[][] traceLde, SharedTables shared, Felt3[] alphas, int[] constraints, int factor, bool byFactor,
        Felt[][] levelCoefficients)
    {
        // LDE point 1 is in no coset of fewer than blowup·n points; read it (and its next row) as a block of the full LDE,
        // every column of it: a column the level's probe missed makes the level differ from this.
        const int index = 1;
        var rows = new RowBlock(air, domain.Blowup, LevelColumns.All(air));
        rows.Load(traceLde, domain, shared, index, 1);
        ReadOnlySpan<Felt> evaluations = rows.Evaluate(air, 0, byFactor ? factor : 0);
        Felt3 direct = Felt3.Zero;
        foreach (int t in constraints)
        {
            direct += alphas[t] * evaluations[t];
        }
        Felt x = domain.LdePoint(index);
        direct *= shared.TransitionFactor(x, index, domain.Blowup);
        var interpolated = new Felt3(
            Polynomial.Evaluate(levelCoefficients[0], x), Polynomial.Evaluate(levelCoefficients[1], x), Polynomial.Evaluate(levelCoefficients[2], x));
        if (direct != interpolated)
        {
            throw new ProverException(ProverFailure.ConstraintDegreeExceeded,
                $"the transition constraints evaluated on {factor}n points do not form a polynomial of degree below {factor}n: " +
                "the trace does not satisfy them, or a constraint's declared degree is too low");
        }
    }

    /// <summary>
    /// A block of consecutive points of the coset of factor·n points, row-major: the AIR reads the current and the next row as slices,
    /// where gathering each row from the column-major LDE (two loads from every column per point, from as many streams as
    /// the trace has columns) cost as much as evaluating the constraints. One per worker.
    /// </summary>
    private sealed class RowBlock
    {
        /// <summary>Points per block: with the next rows, a ZK batch's 114 columns take about 124 KB. Since a level gathers only
        /// the columns it reads, 128 measured faster than 256 (constraint CPU-s 1.10-1.12 against 1.12-1.16 at 64 transfers,
        /// three alternating pairs at load 15): the rows' cache lines a block touches are more scattered.</summary>
        public const int Rows = 128;

        private readonly int _width;
        private readonly Felt[] _cells;
        private readonly int _periodicWidth;

        /// <summary>The periodic columns' values at the block's points, row-major like the cells: gathered column by column in
        /// <see cref="Load"/> (a tight loop per column) instead of a look-up in every column's table at each point.</summary>
        private readonly Felt[] _periodic;
        private readonly Felt[] _evaluations;
        private readonly int _factor;
        private readonly LevelColumns _columns;
        private int _firstIndex;
        private int _step;

        /// <param name="columns">The columns <see cref="Load"/> gathers; the others stay zero, which the level's constraints do not read.</param>
        public RowBlock(StarkAir air, int factor, LevelColumns columns)
        {
            _width = air.TraceWidth;
            _factor = factor;
            _columns = columns;
            // From the pool, cleared once: Load overwrites the level's columns in every block, and the others keep zeros (not
            // an earlier user's values), so that a column missed by the probe gives the same wrong values on every run.
            _cells = BufferPool<Felt>.Shared.Rent((Rows + factor) * _width);
            Array.Clear(_cells);
            _periodicWidth = air.PeriodicColumns.Count;
            _periodic = new Felt[Rows * _periodicWidth];
            _evaluations = new Felt[air.TransitionDegrees.Count];
        }

        public void Release() => BufferPool<Felt>.Shared.Return(_cells);

        /// <summary>Points first..first+count of the coset (LDE indices (first + r)·step) and the <c>factor</c> points after them (their next rows), with the periodic columns at the first count points: the level's columns only.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public unsafe void Load(Felt[][] traceLde, StarkDomain domain, SharedTables shared, int first, int count)
        {
            _step = domain.Blowup / _factor;
            _firstIndex = first * _step;
            int mask = domain.LdeSize - 1;
            int rows = count + _factor;
            int width = _width;
            int step = _step;
            int[] columns = _columns.Trace;
            // Only the block at the end of the coset wraps around (its next rows are the first points); the others read
            // without the index mask, four columns at a time so that four streams are read together.
            bool wraps = _firstIndex + (long)(rows - 1) * step > mask;
            int c = 0;
            fixed (Felt* cells = _cells)
            {
                for (; c + 4 <= columns.Length && !wraps; c += 4)
                {
                    int o0 = columns[c], o1 = columns[c + 1], o2 = columns[c + 2], o3 = columns[c + 3];
                    fixed (Felt* c0 = traceLde[o0], c1 = traceLde[o1], c2 = traceLde[o2], c3 = traceLde[o3])
                    {
                        Felt* target = cells;
                        int index = _firstIndex;
                        for (int r = 0; r < rows; r++, index += step, target += width)
                        {
                            target[o0] = c0[index];
                            target[o1] = c1[index];
                            target[o2] = c2[index];
                            target[o3] = c3[index];
                        }
                    }
                }
                for (; c < columns.Length; c++)
                {
                    int o = columns[c];
                    Felt[] column = traceLde[o];
                    for (int r = 0; r < rows; r++)
                    {
                        cells[r * width + o] = column[(_firstIndex + r * step) & mask];
                    }
                }
            }
            int periodicWidth = _periodicWidth;
            fixed (Felt* periodic = _periodic)
            {
                foreach (int k in _columns.Periodic)
                {
                    // A periodic column repeats along the LDE with its table's length (a power of two).
                    Felt[] table = shared.Periodic[k];
                    int tableMask = table.Length - 1;
                    fixed (Felt* values = table)
                    {
                        Felt* target = periodic + k;
                        int index = _firstIndex;
                        for (int r = 0; r < count; r++, index += step, target += periodicWidth)
                        {
                            *target = values[index & tableMask];
                        }
                    }
                }
            }
        }

        /// <summary>
        /// The AIR's constraint values at row <paramref name="r"/> of the block (the next row is r + factor): those of
        /// <paramref name="domainFactor"/> (<see cref="StarkAir.EvaluateTransitionByFactor{T}"/>), or all if it is 0.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public ReadOnlySpan<Felt> Evaluate(StarkAir air, int r, int domainFactor)
        {
            ReadOnlySpan<Felt> current = _cells.AsSpan(r * _width, _width), next = _cells.AsSpan((r + _factor) * _width, _width);
            ReadOnlySpan<Felt> periodic = _periodic.AsSpan(r * _periodicWidth, _periodicWidth);
            if (domainFactor != 0)
            {
                air.EvaluateTransitionByFactor<Felt>(current, next, periodic, _evaluations, domainFactor);
            }
            else
            {
                air.EvaluateTransition<Felt>(current, next, periodic, _evaluations);
            }
            return _evaluations;
        }
    }
}
