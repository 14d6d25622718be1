using Lamina.Stark.Air;
using Lamina.Stark.Field;

namespace Lamina.L2.Tests.Zk.Air;

/// <summary>
/// Every (transition constraint, row) that a trace violates, evaluated directly over the trace rows: soundness tests use
/// it to show that a cheating trace fails exactly the constraint under test, not some other one by accident.
/// </summary>
internal static class ConstraintViolations
{
    public static List<(int Constraint, int Row)> Of(StarkAir air, TraceTable trace)
    {
        int width = air.TraceWidth, count = air.TransitionDegrees.Count;
        IReadOnlyList<Felt[]> periodic = air.PeriodicColumns;
        var current = new Felt[width];
        var next = new Felt[width];
        var values = new Felt[periodic.Count];
        var result = new Felt[count];
        var violations = new List<(int, int)>();
        for (int row = 0; row < air.TraceLength - 1; row++)
        {
            for (int c = 0; c < width; c++)
            {
                current[c] = trace[c, row];
                next[c] = trace[c, row + 1];
            }
            for (int k = 0; k < values.Length; k++) values[k] = periodic[k][row % periodic[k].Length];
            air.EvaluateTransition<Felt>(current, next, values, result);
            for (int t = 0; t < count; t++)
            {
                if (result[t] != Felt.Zero) violations.Add((t, row));
            }
        }
        return violations;
    }
}
