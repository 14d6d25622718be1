using System.Runtime.CompilerServices;
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
        Felt[][] compositionEvaluations = CompositionEvaluator.Evaluate(
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
        Parallel.For(0, chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk) =>
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
}
