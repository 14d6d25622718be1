using System.Runtime.InteropServices;
using Lamina.Stark.Air;
using Lamina.Stark.Commitments;
using Lamina.Stark.Field;
using Lamina.Stark.Polynomials;
using Lamina.Stark.Proofs;
using Lamina.Stark.Protocol;

namespace Lamina.Stark.Prover;

/// <summary>
/// Produces STARK proofs: trace LDE and commitment, random linear combination of all constraints into the
/// composition polynomial, DEEP at an out-of-domain point z (and g·z), FRI on the DEEP composition, grinding
/// and query openings. Deterministic: the same AIR, trace and options always give the same proof bytes.
/// </summary>
public static class StarkProver
{
    /// <summary>Rows evaluated per parallel work item; large enough to amortize scheduling.</summary>
    private const int ChunkSize = 1 << 12;

    public static StarkProof Prove(StarkAir air, TraceTable trace, ProofOptions options) =>
        Prove(air, trace, options, skipSelfChecks: false);

    public static byte[] ProveToBytes(StarkAir air, TraceTable trace, ProofOptions options) =>
        ProofCodec.Encode(Prove(air, trace, options));

    /// <summary>
    /// <paramref name="skipSelfChecks"/> lets soundness tests play a cheating prover: it skips the assertion
    /// and composition-degree checks and commits to whatever the trace gives, so the verifier must catch it.
    /// </summary>
    internal static StarkProof Prove(StarkAir air, TraceTable trace, ProofOptions options, bool skipSelfChecks)
    {
        air.ValidateShape();
        options.Validate();
        int n = air.TraceLength;
        int width = air.TraceWidth;
        if (trace.Width != width || trace.Length != n)
        {
            throw new ProverException(ProverFailure.TraceShapeMismatch,
                $"Trace is {trace.Width}×{trace.Length}, the AIR expects {width}×{n}.");
        }
        int compositionColumns = air.CompositionColumnCount();
        if (compositionColumns > options.BlowupFactor)
        {
            throw new ProverException(ProverFailure.UnsupportedOptions,
                $"Constraints of this degree need a blowup factor of at least {compositionColumns}.");
        }
        Assertion[] assertions = StarkProtocol.SortedAssertions(air);
        if (!skipSelfChecks)
        {
            foreach (Assertion a in assertions)
            {
                if (trace[a.Column, a.Row] != a.Value)
                {
                    throw new ProverException(ProverFailure.AssertionFailed, $"Assertion {a} does not hold.");
                }
            }
        }

        var domain = new StarkDomain(n, options.BlowupFactor);
        int ldeSize = domain.LdeSize;
        StarkHasher hasher = StarkHasher.For(options.Hash);
        Transcript transcript = StarkProtocol.CreateTranscript(air, options);

        long phase = ProverPhaseLog.Start();
        // 1. Trace: interpolate every column, extend it to the LDE coset, commit to the rows.
        Felt[][] traceCoefficients = new Felt[width][];
        Felt[][] traceLde = new Felt[width][];
        Parallel.For(0, width, c =>
        {
            traceCoefficients[c] = Polynomial.InterpolateSubgroup(trace.Column(c));
            traceLde[c] = Ntt.EvaluateOnCoset(traceCoefficients[c], ldeSize, StarkDomain.Offset);
        });
        ProverPhaseLog.End("trace LDE", phase);
        phase = ProverPhaseLog.Start();
        MerkleTree traceTree = CommitRows(traceLde, ldeSize, hasher);
        ProverPhaseLog.End("trace commitment", phase);
        transcript.Absorb(traceTree.Root);

        // 2. Composition polynomial: random linear combination of transition and boundary quotients.
        Felt3[] transitionCoefficients = transcript.DrawFelt3s(air.TransitionDegrees.Count);
        Felt3[] boundaryCoefficients = transcript.DrawFelt3s(assertions.Length);
        phase = ProverPhaseLog.Start();
        Felt[][] compositionEvaluations = EvaluateComposition(
            air, domain, traceLde, transitionCoefficients, boundaryCoefficients, assertions);

        ProverPhaseLog.End("constraint evaluation", phase);
        phase = ProverPhaseLog.Start();
        // Interpolate (3 base components), check the degree bound, split into columns of n coefficients.
        Parallel.For(0, 3, k => Ntt.InterpolateCoset(compositionEvaluations[k], StarkDomain.Offset));
        int bound = compositionColumns * n;
        for (int k = 0; k < 3 && !skipSelfChecks; k++)
        {
            for (int i = bound; i < ldeSize; i++)
            {
                if (compositionEvaluations[k][i] != Felt.Zero)
                {
                    throw new ProverException(ProverFailure.ConstraintDegreeExceeded,
                        $"Composition polynomial exceeds degree {bound}: the trace does not satisfy the constraints, " +
                        "or a constraint's declared degree is too low.");
                }
            }
        }
        Felt[][] compositionCoefficients = new Felt[3 * compositionColumns][];
        Felt[][] compositionLde = new Felt[3 * compositionColumns][];
        Parallel.For(0, 3 * compositionColumns, idx =>
        {
            int j = idx / 3;
            int k = idx % 3;
            compositionCoefficients[idx] = compositionEvaluations[k].AsSpan(j * n, n).ToArray();
            compositionLde[idx] = Ntt.EvaluateOnCoset(compositionCoefficients[idx], ldeSize, StarkDomain.Offset);
        });
        compositionEvaluations = null!;
        ProverPhaseLog.End("composition interpolation and LDE", phase);
        phase = ProverPhaseLog.Start();
        MerkleTree compositionTree = CommitRows(compositionLde, ldeSize, hasher);
        transcript.Absorb(compositionTree.Root);
        ProverPhaseLog.End("composition commitment", phase);
        phase = ProverPhaseLog.Start();

        // 3. Out-of-domain evaluations at z and g·z.
        Felt3 z = transcript.DrawFelt3();
        Felt3 gz = z * domain.TraceGenerator;
        Felt3[] oodCurrent = new Felt3[width];
        Felt3[] oodNext = new Felt3[width];
        Parallel.For(0, width, c =>
        {
            oodCurrent[c] = Polynomial.Evaluate(traceCoefficients[c], z);
            oodNext[c] = Polynomial.Evaluate(traceCoefficients[c], gz);
        });
        Felt3[] oodComposition = new Felt3[compositionColumns];
        for (int j = 0; j < compositionColumns; j++)
        {
            oodComposition[j] = Polynomial.Evaluate(compositionCoefficients[3 * j], z)
                + StarkProtocol.ExtensionBasis1 * Polynomial.Evaluate(compositionCoefficients[3 * j + 1], z)
                + StarkProtocol.ExtensionBasis2 * Polynomial.Evaluate(compositionCoefficients[3 * j + 2], z);
        }
        transcript.Absorb(oodCurrent);
        transcript.Absorb(oodNext);
        transcript.Absorb(oodComposition);

        // 4. DEEP composition and FRI.
        Felt3[] deepCoefficients = transcript.DrawFelt3s(2 * width + compositionColumns);
        ProverPhaseLog.End("out-of-domain evaluation", phase);
        phase = ProverPhaseLog.Start();
        Felt3[] deep = DeepComposition.Evaluate(
            domain, traceLde, compositionLde, z, oodCurrent, oodNext, oodComposition, deepCoefficients);
        ProverPhaseLog.End("DEEP composition", phase);
        phase = ProverPhaseLog.Start();
        var layout = new FriLayout(n, ldeSize, options.FoldingFactor, options.RemainderMaxDegree);
        FriProver.Result fri = FriProver.Commit(deep, layout, transcript, hasher, skipSelfChecks);

        ProverPhaseLog.End("FRI commit", phase);
        phase = ProverPhaseLog.Start();
        // 5. Grinding, then queries drawn from the post-grinding state.
        ulong nonce = transcript.FindProofOfWork(options.GrindingBits);
        transcript.Absorb(BitConverter.GetBytes(nonce));
        int[] positions = transcript.DrawQueryPositions(options.NumQueries, ldeSize);
        ProverPhaseLog.End("grinding", phase);

        Felt[][] traceRows = new Felt[positions.Length][];
        Felt[][] compositionRows = new Felt[positions.Length][];
        for (int q = 0; q < positions.Length; q++)
        {
            traceRows[q] = GatherRow(traceLde, positions[q]);
            compositionRows[q] = GatherRow(compositionLde, positions[q]);
        }

        return new StarkProof
        {
            Options = options,
            TraceRoot = traceTree.Root,
            CompositionRoot = compositionTree.Root,
            OodTraceCurrent = oodCurrent,
            OodTraceNext = oodNext,
            OodComposition = oodComposition,
            FriRoots = fri.Roots,
            FriRemainder = fri.Remainder,
            PowNonce = nonce,
            TraceRows = traceRows,
            TraceMerkleNodes = traceTree.OpenBatch(positions),
            CompositionRows = compositionRows,
            CompositionMerkleNodes = compositionTree.OpenBatch(positions),
            FriLayers = FriProver.Open(fri, layout, positions),
        };
    }

    private static Felt[] GatherRow(Felt[][] columns, int row)
    {
        Felt[] result = new Felt[columns.Length];
        for (int c = 0; c < columns.Length; c++)
        {
            result[c] = columns[c][row];
        }
        return result;
    }

    private static MerkleTree CommitRows(Felt[][] columns, int rows, StarkHasher hasher)
    {
        Digest32[] leaves = new Digest32[rows];
        int width = columns.Length;
        int chunks = Math.Max(1, rows / ChunkSize);
        int chunkLength = rows / chunks;
        Parallel.For(0, chunks, chunk =>
        {
            // Gather rows in batches of 8 so the leaves hash eight lanes at a time.
            const int batch = 8;
            Felt[] buffer = new Felt[batch * width];
            int start = chunk * chunkLength;
            for (int i = start; i < start + chunkLength; i += batch)
            {
                int count = Math.Min(batch, start + chunkLength - i);
                for (int r = 0; r < count; r++)
                {
                    for (int c = 0; c < width; c++)
                    {
                        buffer[r * width + c] = columns[c][i + r];
                    }
                }
                hasher.HashBatch(StarkHasher.LeafTag,
                    MemoryMarshal.AsBytes(buffer.AsSpan(0, count * width)), 8 * width,
                    MemoryMarshal.AsBytes(leaves.AsSpan(i, count)));
            }
        });
        return new MerkleTree(leaves, hasher);
    }

    /// <summary>
    /// H(x) = Σ_t α_t·C_t(x)·(x − g^(n−1))/(x^n − 1) + Σ_a β_a·(T_col(x) − v)/(x − g^row) on every LDE point,
    /// returned as the three base-field components.
    /// </summary>
    private static Felt[][] EvaluateComposition(
        StarkAir air, StarkDomain domain, Felt[][] traceLde, Felt3[] alphas, Felt3[] betas, Assertion[] assertions)
    {
        int n = domain.TraceLength;
        int ldeSize = domain.LdeSize;
        int blowup = domain.Blowup;
        int width = air.TraceWidth;
        int constraintCount = alphas.Length;

        // Periodic columns: P(x) = Q(x^(n/p)) repeats with period p·blowup along the LDE.
        Felt[][] periodicCoefficients = StarkProtocol.PeriodicCoefficients(air);
        Felt[][] periodicTables = new Felt[periodicCoefficients.Length][];
        for (int k = 0; k < periodicTables.Length; k++)
        {
            int p = periodicCoefficients[k].Length;
            periodicTables[k] = Ntt.EvaluateOnCoset(
                periodicCoefficients[k], p * blowup, StarkDomain.Offset.Pow((ulong)(n / p)));
        }

        // x^n takes only `blowup` distinct values on the LDE, so 1/(x^n − 1) is a small table.
        Felt[] vanishingInverse = new Felt[blowup];
        Felt offsetN = StarkDomain.Offset.Pow((ulong)n);
        Felt blowupRoot = Felt.RootOfUnity(Ntt.Log2(blowup));
        for (int i = 0; i < blowup; i++)
        {
            vanishingInverse[i] = offsetN * blowupRoot.Pow((ulong)i) - Felt.One;
        }
        BatchInversion.InvertInPlace<Felt>(vanishingInverse);
        Felt lastRow = domain.TraceGenerator.Pow((ulong)(n - 1));

        // Distinct assertion rows, each with its g^row.
        var rowStarts = new List<int>();
        for (int a = 0; a < assertions.Length; a++)
        {
            if (a == 0 || assertions[a].Row != assertions[a - 1].Row)
            {
                rowStarts.Add(a);
            }
        }
        Felt[] rowPoints = new Felt[rowStarts.Count];
        for (int r = 0; r < rowStarts.Count; r++)
        {
            rowPoints[r] = domain.TraceGenerator.Pow((ulong)assertions[rowStarts[r]].Row);
        }

        Felt[][] result = [new Felt[ldeSize], new Felt[ldeSize], new Felt[ldeSize]];
        int chunks = Math.Max(1, ldeSize / ChunkSize);
        int chunkLength = ldeSize / chunks;
        Parallel.For(0, chunks, chunk =>
        {
            int start = chunk * chunkLength;
            Felt[] current = new Felt[width];
            Felt[] next = new Felt[width];
            Felt[] periodic = new Felt[periodicTables.Length];
            Felt[] evaluations = new Felt[constraintCount];
            Felt[] rowDivisors = new Felt[chunkLength * rowPoints.Length];
            Felt x = domain.LdePoint(start);
            Felt step = domain.LdeGenerator;

            // Boundary divisors (x − g^row) for the whole chunk, inverted in one batch.
            Felt xr = x;
            for (int i = 0; i < chunkLength; i++)
            {
                for (int r = 0; r < rowPoints.Length; r++)
                {
                    rowDivisors[i * rowPoints.Length + r] = xr - rowPoints[r];
                }
                xr *= step;
            }
            BatchInversion.InvertInPlace<Felt>(rowDivisors);

            for (int i = start; i < start + chunkLength; i++)
            {
                int nextIndex = (i + blowup) & (ldeSize - 1);
                for (int c = 0; c < width; c++)
                {
                    current[c] = traceLde[c][i];
                    next[c] = traceLde[c][nextIndex];
                }
                for (int k = 0; k < periodic.Length; k++)
                {
                    Felt[] table = periodicTables[k];
                    periodic[k] = table[i & (table.Length - 1)];
                }
                air.EvaluateTransition<Felt>(current, next, periodic, evaluations);
                Felt3 acc = Felt3.Zero;
                for (int t = 0; t < constraintCount; t++)
                {
                    acc += alphas[t] * evaluations[t];
                }
                acc *= (x - lastRow) * vanishingInverse[i & (blowup - 1)];

                int local = (i - start) * rowPoints.Length;
                for (int r = 0; r < rowStarts.Count; r++)
                {
                    int end = r + 1 < rowStarts.Count ? rowStarts[r + 1] : assertions.Length;
                    Felt3 sum = Felt3.Zero;
                    for (int a = rowStarts[r]; a < end; a++)
                    {
                        sum += betas[a] * (current[assertions[a].Column] - assertions[a].Value);
                    }
                    acc += sum * rowDivisors[local + r];
                }
                result[0][i] = acc.C0;
                result[1][i] = acc.C1;
                result[2][i] = acc.C2;
                x *= step;
            }
        });
        return result;
    }
}
