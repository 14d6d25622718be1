using Lamina.Stark.Field;

namespace Lamina.Stark.Air;

/// <summary>
/// An algebraic intermediate representation: the statement a proof is about. One instance carries its public
/// inputs. Subclasses define
/// <list type="bullet">
/// <item>the trace shape (<see cref="TraceWidth"/> columns, <see cref="TraceLength"/> rows, a power of two ≥ 8),</item>
/// <item>transition constraints over two consecutive rows (<see cref="EvaluateTransition{T}"/>), each with a
/// declared degree (<see cref="TransitionDegrees"/>); they must vanish on every row except the last,</item>
/// <item>boundary assertions (<see cref="GetAssertions"/>),</item>
/// <item>optional periodic columns (<see cref="PeriodicColumns"/>), e.g. round constants or selectors,</item>
/// <item>the canonical bytes of the public inputs (<see cref="PublicInputBytes"/>), bound into Fiat–Shamir.</item>
/// </list>
/// </summary>
public abstract class StarkAir
{
    /// <summary>A stable name; it domain-separates this AIR's proofs from every other AIR's.</summary>
    public abstract string Name { get; }

    public abstract int TraceWidth { get; }

    public abstract int TraceLength { get; }

    /// <summary>One entry per transition constraint, in the order <see cref="EvaluateTransition{T}"/> writes them.</summary>
    public abstract IReadOnlyList<ConstraintDegree> TransitionDegrees { get; }

    /// <summary>
    /// Periodic columns: each has a power-of-two length p (2 ≤ p ≤ TraceLength) and takes value values[i mod p]
    /// on row i. Their current-row values are passed to <see cref="EvaluateTransition{T}"/> in this order.
    /// </summary>
    public virtual IReadOnlyList<Felt[]> PeriodicColumns => [];

    public abstract IReadOnlyList<Assertion> GetAssertions();

    /// <summary>Canonical encoding of the public inputs.</summary>
    public abstract byte[] PublicInputBytes();

    /// <summary>The length of <see cref="PublicInputBytes"/> when the AIR can write them in place
    /// (<see cref="WritePublicInputs"/>), else null. The ZK batch AIRs' public inputs are hundreds of kilobytes; written
    /// straight into the transcript's seed they are not allocated and copied once per part and again when combined.</summary>
    public virtual int? PublicInputLength => null;

    /// <summary>Writes <see cref="PublicInputBytes"/> into <paramref name="destination"/> (exactly
    /// <see cref="PublicInputLength"/> bytes, zeroed); only called when that length is not null.</summary>
    public virtual void WritePublicInputs(Span<byte> destination) => PublicInputBytes().CopyTo(destination);

    /// <summary>
    /// Writes one value per transition constraint into <paramref name="result"/>; all must be zero for a valid
    /// pair of consecutive rows. Called by the prover over <see cref="Felt"/> and by the verifier over
    /// <see cref="Felt3"/>, so it must only use the operations of <see cref="IStarkField{T}"/>.
    /// </summary>
    public abstract void EvaluateTransition<T>(
        ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
        where T : unmanaged, IStarkField<T>;

    /// <summary>
    /// Whether <see cref="EvaluateTransitionByFactor{T}"/> evaluates
    /// only the constraints of the domain factor asked for. The prover evaluates each constraint on the smallest coset its
    /// degree allows (<see cref="ConstraintDegree.DomainFactor"/>); an AIR that can skip the others there says so here,
    /// and an AIR that cannot is evaluated in full once, on the largest coset any of its constraints needs.
    /// </summary>
    public virtual bool EvaluatesByDomainFactor => false;

    /// <summary>
    /// Writes at least the constraints whose <see cref="ConstraintDegree.DomainFactor"/> (for this trace length) is
    /// <paramref name="domainFactor"/>; the others may be left as they are. Called by the prover only, over
    /// <see cref="Felt"/>, when <see cref="EvaluatesByDomainFactor"/> is true. The default evaluates every constraint.
    /// </summary>
    public virtual void EvaluateTransitionByFactor<T>(
        ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result, int domainFactor)
        where T : unmanaged, IStarkField<T> =>
        EvaluateTransition(current, next, periodic, result);

    /// <summary>Checks the AIR's own shape; called by prover and verifier before anything else.</summary>
    internal void ValidateShape() => ValidateShape(GetAssertions());

    /// <summary>As <see cref="ValidateShape()"/>, with the assertions the caller already holds (building them is not free
    /// for AIRs with per-segment assertions).</summary>
    internal void ValidateShape(IReadOnlyList<Assertion> assertions)
    {
        if (TraceLength < 8 || (TraceLength & (TraceLength - 1)) != 0)
        {
            throw new ArgumentException($"{Name}: trace length must be a power of two ≥ 8, got {TraceLength}");
        }
        if (TraceWidth < 1 || TraceWidth > 1024)
        {
            throw new ArgumentException($"{Name}: trace width must be in 1..1024");
        }
        if (TransitionDegrees.Count < 1)
        {
            throw new ArgumentException($"{Name}: at least one transition constraint is required");
        }
        foreach (Felt[] column in PeriodicColumns)
        {
            int p = column.Length;
            if (p < 2 || (p & (p - 1)) != 0 || p > TraceLength)
            {
                throw new ArgumentException($"{Name}: periodic column length must be a power of two in 2..TraceLength");
            }
        }
        // The bounds read once and the assertions as a span: per assertion two virtual property calls (a combined AIR's
        // forward to its parts') and an interface enumerator cost the verifier half a millisecond at 1,024 transfers.
        uint width = (uint)TraceWidth, length = (uint)TraceLength;
        foreach (Assertion a in AssertionSpan(assertions))
        {
            if ((uint)a.Column >= width || (uint)a.Row >= length)
            {
                throw new ArgumentException($"{Name}: assertion {a} is outside the trace");
            }
        }
    }

    /// <summary>The assertions without a copy when <see cref="GetAssertions"/> gave an array or a list (every AIR here).</summary>
    internal static ReadOnlySpan<Assertion> AssertionSpan(IReadOnlyList<Assertion> list) => list switch
    {
        Assertion[] array => array,
        List<Assertion> growing => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(growing),
        _ => list.ToArray(),
    };

    /// <summary>Degree bound of the largest constraint polynomial.</summary>
    internal long MaxEvaluationDegree()
    {
        long max = 0;
        foreach (ConstraintDegree d in TransitionDegrees)
        {
            max = Math.Max(max, d.EvaluationDegree(TraceLength));
        }
        return max;
    }

    /// <summary>
    /// Number of degree-&lt;n columns the composition polynomial splits into: transition quotients have degree
    /// (max evaluation degree) − (n − 1); boundary quotients stay below n.
    /// </summary>
    internal int CompositionColumnCount()
    {
        long quotientCoefficients = MaxEvaluationDegree() - (TraceLength - 1) + 1;
        long columns = (quotientCoefficients + TraceLength - 1) / TraceLength;
        return (int)Math.Max(1, columns);
    }
}
