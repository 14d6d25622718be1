using System.Buffers.Binary;
using Lamina.Stark.Air;
using Lamina.Stark.Field;

namespace Lamina.Stark.Examples;

/// <summary>
/// Two-column Fibonacci: (a, b) → (b, a + b), starting from (1, 1). Public inputs: trace length and the
/// value of column b on the last row. The smallest complete AIR; degree-1 constraints.
/// </summary>
public sealed class FibonacciAir : StarkAir
{
    private static readonly ConstraintDegree[] Degrees = [new(1), new(1)];

    public Felt Result { get; }

    public FibonacciAir(int traceLength, Felt result)
    {
        TraceLength = traceLength;
        Result = result;
    }

    public override string Name => "lamina.fibonacci.v1";
    public override int TraceWidth => 2;
    public override int TraceLength { get; }
    public override IReadOnlyList<ConstraintDegree> TransitionDegrees => Degrees;

    public override IReadOnlyList<Assertion> GetAssertions() =>
    [
        new(0, 0, Felt.One),
        new(1, 0, Felt.One),
        new(1, TraceLength - 1, Result),
    ];

    public override byte[] PublicInputBytes()
    {
        byte[] b = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)TraceLength);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(4), Result.Value);
        return b;
    }

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
        result[0] = next[0] - current[1];
        result[1] = next[1] - (current[0] + current[1]);
    }

    public static TraceTable BuildTrace(int traceLength)
    {
        var trace = new TraceTable(2, traceLength);
        Felt a = Felt.One, b = Felt.One;
        for (int i = 0; i < traceLength; i++)
        {
            trace[0, i] = a;
            trace[1, i] = b;
            (a, b) = (b, a + b);
        }
        return trace;
    }

    public static Felt ComputeResult(int traceLength)
    {
        TraceTable t = BuildTrace(traceLength);
        return t[1, traceLength - 1];
    }
}
