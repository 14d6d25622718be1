using Lamina.Stark.Field;

namespace Lamina.Stark.Air;

/// <summary>
/// Two statements over traces of the same length, proven by one proof: the trace is <see cref="Left"/>'s columns
/// then <see cref="Right"/>'s (<see cref="TraceTable.SideBySide"/>), the constraints, periodic columns and assertions
/// are both parts' (the right part's shifted past the left's columns), and the public inputs are both, each length
/// prefixed. One commitment, one composition polynomial and one FRI run then cover both statements, which is what
/// makes two proofs into one: about half the bytes and verifier work of two proofs, less than half the prover's
/// commitment, DEEP and FRI work (the LDE and the constraints cost what they did).
/// </summary>
public sealed class CombinedAir : StarkAir
{
    private readonly int _leftPeriodic;

    public CombinedAir(StarkAir left, StarkAir right)
    {
        if (left.TraceLength != right.TraceLength)
        {
            throw new ArgumentException($"{left.Name} has {left.TraceLength} rows and {right.Name} {right.TraceLength}: combined AIRs need one length");
        }
        Left = left;
        Right = right;
        _leftPeriodic = left.PeriodicColumns.Count;
        TransitionDegrees = [.. left.TransitionDegrees, .. right.TransitionDegrees];
        PeriodicColumns = [.. left.PeriodicColumns, .. right.PeriodicColumns];
    }

    public StarkAir Left { get; }
    public StarkAir Right { get; }

    public override string Name => $"lamina.stark.combined({Left.Name}|{Right.Name})";
    public override int TraceWidth => Left.TraceWidth + Right.TraceWidth;
    public override int TraceLength => Left.TraceLength;
    public override IReadOnlyList<ConstraintDegree> TransitionDegrees { get; }
    public override IReadOnlyList<Felt[]> PeriodicColumns { get; }

    /// <summary>Both parts' assertions, the right part's shifted past the left's columns; when each part lists its own in
    /// (row, column) order, so does the result (a merge), and the prover and verifier skip sorting them.</summary>
    public override IReadOnlyList<Assertion> GetAssertions()
    {
        // Merged into one exact-size array: the ZK batch AIRs give tens of thousands of assertions per part, and a
        // growing list cost the verifier about half a millisecond at 1,024 transfers.
        ReadOnlySpan<Assertion> left = AssertionSpan(Left.GetAssertions()), right = AssertionSpan(Right.GetAssertions());
        var all = new Assertion[left.Length + right.Length];
        int shift = Left.TraceWidth;
        int l = 0, r = 0;
        for (int i = 0; i < all.Length; i++)
        {
            // At equal rows the left part's columns come first: they are all below the shifted right ones.
            if (r == right.Length || (l < left.Length && left[l].Row <= right[r].Row))
            {
                all[i] = left[l++];
            }
            else
            {
                Assertion a = right[r++];
                all[i] = new Assertion(a.Column + shift, a.Row, a.Value);
            }
        }
        return all;
    }

    public override byte[] PublicInputBytes()
    {
        byte[] left = Left.PublicInputBytes(), right = Right.PublicInputBytes();
        var bytes = new byte[8 + left.Length + right.Length];
        BitConverter.TryWriteBytes(bytes, left.Length);
        left.CopyTo(bytes, 4);
        BitConverter.TryWriteBytes(bytes.AsSpan(4 + left.Length), right.Length);
        right.CopyTo(bytes, 8 + left.Length);
        return bytes;
    }

    /// <summary>Known when both parts' are: the same bytes as <see cref="PublicInputBytes"/>, written in place.</summary>
    public override int? PublicInputLength => Left.PublicInputLength is int left && Right.PublicInputLength is int right ? 8 + left + right : null;

    public override void WritePublicInputs(Span<byte> destination)
    {
        int left = Left.PublicInputLength!.Value, right = Right.PublicInputLength!.Value;
        BitConverter.TryWriteBytes(destination, left);
        Left.WritePublicInputs(destination.Slice(4, left));
        BitConverter.TryWriteBytes(destination[(4 + left)..], right);
        Right.WritePublicInputs(destination.Slice(8 + left, right));
    }

    public override bool EvaluatesByDomainFactor => Left.EvaluatesByDomainFactor && Right.EvaluatesByDomainFactor;

    public override void EvaluateTransitionByFactor<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result,
        int domainFactor)
    {
        int w = Left.TraceWidth, t = Left.TransitionDegrees.Count;
        Left.EvaluateTransitionByFactor(current[..w], next[..w], periodic[.._leftPeriodic], result[..t], domainFactor);
        Right.EvaluateTransitionByFactor(current[w..], next[w..], periodic[_leftPeriodic..], result[t..], domainFactor);
    }

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
        int w = Left.TraceWidth, t = Left.TransitionDegrees.Count;
        Left.EvaluateTransition(current[..w], next[..w], periodic[.._leftPeriodic], result[..t]);
        Right.EvaluateTransition(current[w..], next[w..], periodic[_leftPeriodic..], result[t..]);
    }
}
