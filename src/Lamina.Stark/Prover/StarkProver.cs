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

    /// <summary>
    /// From this many LDE points on, the prover trades time for memory: Merkle trees drop their bottom
    /// levels, and the composition LDE is never held in full (it is streamed coset by coset to commit, and
    /// recomputed where needed). Proof bytes are identical either way.
    /// </summary>
    internal static int LowMemoryLdeThreshold { get; set; } = 1 << 24;

    /// <summary>Bottom Merkle levels not stored in low-memory mode (8 leaves recomputed per opened block).</summary>
    private const int DroppedMerkleLevels = 3;

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
        ProverPhaseLog.Mark("prover called (the caller's trace building before it)");
        IReadOnlyList<Assertion> builtAssertions = air.GetAssertions();
        air.ValidateShape(builtAssertions);
        options.Validate();
        int n = air.TraceLength;
        int width = air.TraceWidth;
        if (trace.Width != width || trace.Length != n)
        {
            throw new ProverException(ProverFailure.TraceShapeMismatch,
                $"trace is {trace.Width}×{trace.Length}, the AIR expects {width}×{n}");
        }
        int compositionColumns = air.CompositionColumnCount();
        if (compositionColumns > options.BlowupFactor)
        {
            throw new ProverException(ProverFailure.UnsupportedOptions,
                $"constraints of this degree need a blowup factor of at least {compositionColumns}");
        }
        Assertion[] assertions = StarkProtocol.SortedAssertions(air, builtAssertions);
        if (!skipSelfChecks)
        {
            foreach (Assertion a in assertions)
            {
                if (trace[a.Column, a.Row] != a.Value)
                {
                    throw new ProverException(ProverFailure.AssertionFailed, $"assertion {a} does not hold");
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
        Parallel.For(0, width, c => traceCoefficients[c] = Polynomial.InterpolateSubgroup(trace.Column(c)));
        ProverPhaseLog.End("trace interpolation", phase);
        phase = ProverPhaseLog.Start();
        Parallel.For(0, width, c => traceLde[c] = Ntt.EvaluateOnCoset(traceCoefficients[c], ldeSize, StarkDomain.Offset));
        ProverPhaseLog.End("trace LDE", phase);
        bool lowMemory = ldeSize >= LowMemoryLdeThreshold;
        ReleaseGarbage(lowMemory);
        phase = ProverPhaseLog.Start();
        MerkleTree traceTree = lowMemory
            ? new MerkleTree(ldeSize, DroppedMerkleLevels, (first, output) => HashRows(traceLde, first, output, hasher), hasher)
            : CommitRows(traceLde, ldeSize, hasher);
        ProverPhaseLog.End("trace commitment", phase);
        transcript.Absorb(traceTree.Root);

        // 2. Composition polynomial: random linear combination of transition and boundary quotients.
        var coefficients = CompositionCoefficients.Draw(transcript, air, assertions);
        phase = ProverPhaseLog.Start();
        // Coefficients of the composition polynomial (3 base components), each constraint evaluated on the smallest
        // coset its degree allows.
        Felt[][] composition = CompositionEvaluator.EvaluateCoefficients(air, domain, traceLde, coefficients, assertions, checkLevels: !skipSelfChecks);
        ProverPhaseLog.End("constraint evaluation", phase);
        phase = ProverPhaseLog.Start();
        // Check the degree bound, split into columns of n coefficients.
        int bound = compositionColumns * n;
        for (int k = 0; k < 3 && !skipSelfChecks; k++)
        {
            for (int i = bound; i < composition[k].Length; i++)
            {
                if (composition[k][i] != Felt.Zero)
                {
                    throw new ProverException(ProverFailure.ConstraintDegreeExceeded,
                        $"composition polynomial exceeds degree {bound}: the trace does not satisfy the constraints, " +
                        "or a constraint's declared degree is too low");
                }
            }
        }
        Felt[][] compositionCoefficients = new Felt[3 * compositionColumns][];
        for (int idx = 0; idx < compositionCoefficients.Length; idx++)
        {
            compositionCoefficients[idx] = BufferPool<Felt>.Shared.Rent(n);
            composition[idx % 3].AsSpan(idx / 3 * n, n).CopyTo(compositionCoefficients[idx]);
        }
        BufferPool<Felt>.Shared.Return(composition);
        composition = null!;
        ReleaseGarbage(lowMemory);
        Felt[][]? compositionLde = null;
        MerkleTree compositionTree;
        if (!lowMemory)
        {
            compositionLde = new Felt[3 * compositionColumns][];
            Parallel.For(0, 3 * compositionColumns, idx =>
                compositionLde[idx] = Ntt.EvaluateOnCoset(compositionCoefficients[idx], ldeSize, StarkDomain.Offset));
            ProverPhaseLog.End("composition interpolation and LDE", phase);
            phase = ProverPhaseLog.Start();
            compositionTree = CommitRows(compositionLde, ldeSize, hasher);
        }
        else
        {
            Digest32[] leaves = CompositionCosets.HashAllRows(compositionCoefficients, domain, hasher);
            compositionTree = new MerkleTree(ldeSize, DroppedMerkleLevels,
                (first, output) => leaves.AsSpan(first, output.Length).CopyTo(output), hasher);
            leaves = null!;
            ReleaseGarbage(lowMemory);
            ProverPhaseLog.End("composition LDE and commitment (streamed)", phase);
            phase = ProverPhaseLog.Start();
        }
        transcript.Absorb(compositionTree.Root);
        if (!lowMemory)
        {
            ProverPhaseLog.End("composition commitment", phase);
        }
        phase = ProverPhaseLog.Start();

        // 3. Out-of-domain evaluations at z and g·z.
        Felt3 z = transcript.DrawFelt3();
        Felt3 gz = z * domain.TraceGenerator;
        Felt3[] oodCurrent = new Felt3[width];
        Felt3[] oodNext = new Felt3[width];
        // Every evaluation is independent: one parallel loop over all of them keeps both cores busy.
        Felt3[] compositionAtZ = new Felt3[compositionCoefficients.Length];
        // Powers of z and g·z, shared by every column: three dot products per evaluation instead of Horner in F_p^3.
        var powersOfZ = new OutOfDomainEvaluation(z, n);
        var powersOfGz = new OutOfDomainEvaluation(gz, n);
        Parallel.For(0, 2 * width + compositionCoefficients.Length, e =>
        {
            if (e < width)
            {
                oodCurrent[e] = powersOfZ.Evaluate(traceCoefficients[e]);
            }
            else if (e < 2 * width)
            {
                oodNext[e - width] = powersOfGz.Evaluate(traceCoefficients[e - width]);
            }
            else
            {
                compositionAtZ[e - 2 * width] = powersOfZ.Evaluate(compositionCoefficients[e - 2 * width]);
            }
        });
        Felt3[] oodComposition = new Felt3[compositionColumns];
        for (int j = 0; j < compositionColumns; j++)
        {
            oodComposition[j] = compositionAtZ[3 * j]
                + StarkProtocol.ExtensionBasis1 * compositionAtZ[3 * j + 1]
                + StarkProtocol.ExtensionBasis2 * compositionAtZ[3 * j + 2];
        }
        transcript.Absorb(oodCurrent);
        transcript.Absorb(oodNext);
        transcript.Absorb(oodComposition);

        // 4. DEEP composition and FRI.
        Felt3[] deepCoefficients = transcript.DrawFelt3s(2 * width + compositionColumns);
        ProverPhaseLog.End("out-of-domain evaluation", phase);
        phase = ProverPhaseLog.Start();
        Felt3[] deep = DeepComposition.Evaluate(domain, traceCoefficients, compositionCoefficients, z, oodCurrent, oodNext, oodComposition, deepCoefficients);
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
        phase = ProverPhaseLog.Start();

        Felt[][] traceRows = new Felt[positions.Length][];
        for (int q = 0; q < positions.Length; q++)
        {
            traceRows[q] = GatherRow(traceLde, positions[q]);
        }
        Felt[][] compositionRows = new Felt[positions.Length][];
        Digest32[] traceNodes;
        Digest32[] compositionNodes;
        if (!lowMemory)
        {
            for (int q = 0; q < positions.Length; q++)
            {
                compositionRows[q] = GatherRow(compositionLde!, positions[q]);
            }
            traceNodes = traceTree.OpenBatch(positions);
            compositionNodes = compositionTree.OpenBatch(positions);
        }
        else
        {
            // Rows of every 8-leaf block that holds a query: needed to rebuild the dropped Merkle levels.
            int[] blockRows = BlockRows(positions);
            Dictionary<int, Felt[]> rows = CompositionCosets.RowsAt(compositionCoefficients, domain, blockRows);
            for (int q = 0; q < positions.Length; q++)
            {
                compositionRows[q] = rows[positions[q]];
            }
            traceNodes = traceTree.OpenBatch(positions, i => StarkProtocol.HashRow(hasher, GatherRow(traceLde, i)));
            compositionNodes = compositionTree.OpenBatch(positions, i => StarkProtocol.HashRow(hasher, rows[i]));
        }

        FriLayerOpening[] friOpenings = FriProver.Open(fri, layout, positions);
        ProverPhaseLog.End("query openings", phase);
        // The proof holds copies of what it opens: the large arrays go back to the pool for the next proof.
        BufferPool<Felt>.Shared.Return(traceLde);
        BufferPool<Felt>.Shared.Return(traceCoefficients);
        BufferPool<Felt>.Shared.Return(compositionLde);
        BufferPool<Felt>.Shared.Return(compositionCoefficients);
        BufferPool<Felt3>.Shared.Return(deep);
        traceTree.Release();
        compositionTree.Release();
        foreach (MerkleTree tree in fri.Trees)
        {
            tree.Release();
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
            TraceMerkleNodes = traceNodes,
            CompositionRows = compositionRows,
            CompositionMerkleNodes = compositionNodes,
            FriLayers = friOpenings,
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

    /// <summary>
    /// Large proofs allocate several multi-gigabyte temporaries in a row; collecting between phases keeps
    /// the peak near the live set instead of letting garbage pile up (timing only, never proof bytes).
    /// </summary>
    private static void ReleaseGarbage(bool lowMemory)
    {
        if (lowMemory)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        }
    }

    private static int[] BlockRows(int[] positions)
    {
        int block = 1 << DroppedMerkleLevels;
        var rows = new List<int>();
        int last = -1;
        foreach (int p in positions)
        {
            int b = p >> DroppedMerkleLevels;
            if (b != last)
            {
                for (int i = 0; i < block; i++)
                {
                    rows.Add(b * block + i);
                }
                last = b;
            }
        }
        return rows.ToArray();
    }

    private static MerkleTree CommitRows(Felt[][] columns, int rows, StarkHasher hasher)
    {
        int chunks = Math.Max(1, rows / ChunkSize);
        int chunkLength = rows / chunks;
        // The leaf digests go straight into the tree's node array (no leaf array to fill and copy).
        return new MerkleTree(rows, (nodes, offset) => Parallel.For(0, chunks, chunk =>
            HashRows(columns, chunk * chunkLength, nodes.AsSpan(offset + chunk * chunkLength, chunkLength), hasher)), hasher);
    }

    /// <summary>
    /// Leaf digests of rows [first, first + output.Length), one hash batch per block of rows. Rows are
    /// gathered 64 at a time, column by column (512 contiguous bytes of each column instead of 64 per batch of eight).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void HashRows(Felt[][] columns, int first, Span<Digest32> output, StarkHasher hasher)
    {
        const int block = 64;
        int width = columns.Length;
        Felt[] buffer = new Felt[block * width];
        for (int b = 0; b < output.Length; b += block)
        {
            int rows = Math.Min(block, output.Length - b);
            for (int c = 0; c < width; c++)
            {
                ReadOnlySpan<Felt> column = columns[c].AsSpan(first + b, rows);
                for (int r = 0; r < rows; r++)
                {
                    buffer[r * width + c] = column[r];
                }
            }
            hasher.HashBatch(StarkHasher.LeafTag, MemoryMarshal.AsBytes(buffer.AsSpan(0, rows * width)), 8 * width,
                MemoryMarshal.AsBytes(output.Slice(b, rows)));
        }
    }
}
