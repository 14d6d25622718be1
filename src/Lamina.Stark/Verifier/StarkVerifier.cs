using Lamina.Stark.Air;
using Lamina.Stark.Commitments;
using Lamina.Stark.Field;
using Lamina.Stark.Proofs;
using Lamina.Stark.Protocol;

namespace Lamina.Stark.Verifier;

/// <summary>
/// Verifies STARK proofs against an AIR instance (which carries the public inputs). Every check failure throws
/// <see cref="InvalidProofException"/> with a specific <see cref="ProofRejection"/>; nothing else escapes for
/// any input bytes.
/// </summary>
public static class StarkVerifier
{
    /// <summary>The security the verifier insists on unless told otherwise.</summary>
    public const int DefaultMinimumSecurityBits = 100;

    public static void Verify(StarkAir air, ReadOnlySpan<byte> proofBytes, int minimumSecurityBits = DefaultMinimumSecurityBits) =>
        Verify(air, ProofCodec.Decode(proofBytes), minimumSecurityBits);

    /// <summary>Returns false instead of throwing; for callers that only need a yes/no.</summary>
    public static bool TryVerify(StarkAir air, ReadOnlySpan<byte> proofBytes, out ProofRejection? reason, int minimumSecurityBits = DefaultMinimumSecurityBits)
    {
        try
        {
            Verify(air, proofBytes, minimumSecurityBits);
            reason = null;
            return true;
        }
        catch (InvalidProofException e)
        {
            reason = e.Reason;
            return false;
        }
    }

    public static void Verify(StarkAir air, StarkProof proof, int minimumSecurityBits = DefaultMinimumSecurityBits)
    {
        Assertion[] assertions;
        try
        {
            IReadOnlyList<Assertion> built = air.GetAssertions();
            air.ValidateShape(built);
            assertions = StarkProtocol.SortedAssertions(air, built);
        }
        catch (ArgumentException e)
        {
            throw new InvalidProofException(ProofRejection.InvalidAir, e.Message);
        }
        ProofOptions options = proof.Options;
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidProofException(ProofRejection.InsufficientSecurity, e.Message);
        }
        int n = air.TraceLength;
        int width = air.TraceWidth;
        int security = SecurityEstimator.ConjecturedBits(options, n);
        if (security < minimumSecurityBits)
        {
            throw new InvalidProofException(ProofRejection.InsufficientSecurity,
                $"proof options give {security} conjectured bits, {minimumSecurityBits} required");
        }
        int compositionColumns = air.CompositionColumnCount();
        if (compositionColumns > options.BlowupFactor)
        {
            throw new InvalidProofException(ProofRejection.InsufficientSecurity,
                $"blowup factor {options.BlowupFactor} is too small for constraints needing {compositionColumns}");
        }
        var domain = new StarkDomain(n, options.BlowupFactor);
        var layout = new FriLayout(n, domain.LdeSize, options.FoldingFactor, options.RemainderMaxDegree);
        Require(proof.OodTraceCurrent.Length == width && proof.OodTraceNext.Length == width, "OOD trace width");
        Require(proof.OodComposition.Length == compositionColumns, "OOD composition width");
        Require(proof.FriRoots.Length == layout.LayerCount && proof.FriLayers.Length == layout.LayerCount, "FRI layer count");
        Require(proof.FriRemainder.Length == layout.RemainderLength, "FRI remainder length");

        StarkHasher hasher = StarkHasher.For(options.Hash);
        Transcript transcript = StarkProtocol.CreateTranscript(air, options);

        // Replay Fiat–Shamir exactly as the prover did.
        transcript.Absorb(proof.TraceRoot);
        var coefficients = CompositionCoefficients.Draw(transcript, air, assertions);
        transcript.Absorb(proof.CompositionRoot);
        Felt3 z = transcript.DrawFelt3();
        transcript.Absorb(proof.OodTraceCurrent);
        transcript.Absorb(proof.OodTraceNext);
        transcript.Absorb(proof.OodComposition);

        // The AIR evaluated at z must equal the committed composition polynomial at z.
        Felt3 expected = StarkProtocol.EvaluateCompositionAt(
            air, domain, z, proof.OodTraceCurrent, proof.OodTraceNext, coefficients, assertions);
        Felt3 claimed = StarkProtocol.CombineCompositionColumns(proof.OodComposition, z, n);
        if (expected != claimed)
        {
            throw new InvalidProofException(ProofRejection.OodConstraintMismatch,
                "constraint evaluations at the out-of-domain point do not match the composition polynomial");
        }

        Felt3[] deepCoefficients = transcript.DrawFelt3s(2 * width + compositionColumns);
        Felt3[] betas = new Felt3[layout.LayerCount];
        for (int l = 0; l < layout.LayerCount; l++)
        {
            transcript.Absorb(proof.FriRoots[l]);
            betas[l] = transcript.DrawFelt3();
        }
        transcript.Absorb(proof.FriRemainder);
        if (!transcript.CheckProofOfWork(proof.PowNonce, options.GrindingBits))
        {
            throw new InvalidProofException(ProofRejection.ProofOfWorkInvalid, "grinding nonce is invalid");
        }
        transcript.Absorb(BitConverter.GetBytes(proof.PowNonce));
        int[] positions = transcript.DrawQueryPositions(options.NumQueries, domain.LdeSize);

        // Trace and composition openings.
        Require(proof.TraceRows.Length == positions.Length && proof.CompositionRows.Length == positions.Length, "query count");
        Digest32[] traceLeaves = new Digest32[positions.Length];
        Digest32[] compositionLeaves = new Digest32[positions.Length];
        for (int q = 0; q < positions.Length; q++)
        {
            Require(proof.TraceRows[q].Length == width && proof.CompositionRows[q].Length == 3 * compositionColumns, "row width");
            traceLeaves[q] = StarkProtocol.HashRow(hasher, proof.TraceRows[q]);
            compositionLeaves[q] = StarkProtocol.HashRow(hasher, proof.CompositionRows[q]);
        }
        if (!MerkleTree.VerifyBatch(proof.TraceRoot, domain.LdeSize, positions, traceLeaves, proof.TraceMerkleNodes, hasher))
        {
            throw new InvalidProofException(ProofRejection.TraceCommitmentMismatch, "trace openings do not match the trace root");
        }
        if (!MerkleTree.VerifyBatch(proof.CompositionRoot, domain.LdeSize, positions, compositionLeaves, proof.CompositionMerkleNodes, hasher))
        {
            throw new InvalidProofException(ProofRejection.CompositionCommitmentMismatch, "composition openings do not match the composition root");
        }

        // DEEP composition at each query position, recomputed from the openings.
        Felt3[] deepValues = new Felt3[positions.Length];
        Felt3 gz = z * domain.TraceGenerator;
        Felt3 atZ = Felt3.Zero;
        Felt3 atGz = Felt3.Zero;
        for (int c = 0; c < width; c++)
        {
            atZ += deepCoefficients[c] * proof.OodTraceCurrent[c];
            atGz += deepCoefficients[width + c] * proof.OodTraceNext[c];
        }
        for (int j = 0; j < compositionColumns; j++)
        {
            atZ += deepCoefficients[2 * width + j] * proof.OodComposition[j];
        }
        for (int q = 0; q < positions.Length; q++)
        {
            Felt x = domain.LdePoint(positions[q]);
            (Felt3 a, Felt3 b) = DeepSums(proof.TraceRows[q], proof.CompositionRows[q], deepCoefficients);
            Felt3 xz = x - z;
            Felt3 xgz = x - gz;
            deepValues[q] = (a - atZ) * xz.Inverse() + (b - atGz) * xgz.Inverse();
        }

        FriVerifier.Verify(proof, layout, domain, positions, deepValues, betas, hasher);
    }

    /// <summary>One query's DEEP sums: Σ_c γ_c·T_c(x) + Σ_j γ_(2w+j)·H_j(x) and Σ_c γ_(w+c)·T_c(x). A method of its own so
    /// that the JIT inlines the field operations of its loops (in <see cref="Verify(StarkAir, StarkProof, int)"/> it did not:
    /// about a millisecond at 1,024 transfers, 114 columns and 60 queries).</summary>
    private static (Felt3 A, Felt3 B) DeepSums(ReadOnlySpan<Felt> row, ReadOnlySpan<Felt> composition, ReadOnlySpan<Felt3> coefficients)
    {
        int width = row.Length;
        ReadOnlySpan<Felt3> current = coefficients[..width], next = coefficients.Slice(width, width), columns = coefficients[(2 * width)..];
        Felt3 a = Felt3.Zero;
        Felt3 b = Felt3.Zero;
        for (int c = 0; c < row.Length; c++)
        {
            a += Felt3.MulBase(current[c], row[c]);
            b += Felt3.MulBase(next[c], row[c]);
        }
        for (int j = 0; j < columns.Length; j++)
        {
            a += columns[j] * new Felt3(composition[3 * j], composition[3 * j + 1], composition[3 * j + 2]);
        }
        return (a, b);
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidProofException(ProofRejection.ShapeMismatch, $"unexpected {what}");
        }
    }
}
