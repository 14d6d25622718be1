using Lamina.Stark.Field;

namespace Lamina.Stark.Air;

/// <summary>An execution trace stored column by column (the layout the NTTs want).</summary>
public sealed class TraceTable
{
    private readonly Felt[][] _columns;

    public int Width { get; }
    public int Length { get; }

    public TraceTable(int width, int length)
    {
        if (width < 1 || length < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(width), "a trace has at least one column and one row");
        }
        Width = width;
        Length = length;
        _columns = new Felt[width][];
        for (int i = 0; i < width; i++)
        {
            // From the prover's pool (a trace built for every batch would otherwise be faulted in fresh each time), cleared:
            // builders leave padding cells at zero.
            _columns[i] = BufferPool<Felt>.Shared.Rent(length);
            Array.Clear(_columns[i]);
        }
    }

    /// <summary>Gives the columns back to the prover's pool once the proof is made; the table must not be used afterwards.
    /// Call it on one table only when tables share columns (<see cref="SideBySide"/>).</summary>
    public void Release()
    {
        BufferPool<Felt>.Shared.Return(_columns);
        Array.Clear(_columns);
    }

    private TraceTable(Felt[][] columns, int length)
    {
        _columns = columns;
        Width = columns.Length;
        Length = length;
    }

    /// <summary>The columns of <paramref name="left"/> then those of <paramref name="right"/> (same length; the arrays are shared, not copied).</summary>
    public static TraceTable SideBySide(TraceTable left, TraceTable right)
    {
        if (left.Length != right.Length)
        {
            throw new ArgumentException($"traces of {left.Length} and {right.Length} rows cannot sit side by side");
        }
        return new TraceTable([.. left._columns, .. right._columns], left.Length);
    }

    public Felt this[int column, int row]
    {
        get => _columns[column][row];
        set => _columns[column][row] = value;
    }

    public Felt[] Column(int column) => _columns[column];

    public void SetRow(int row, ReadOnlySpan<Felt> values)
    {
        for (int c = 0; c < Width; c++)
        {
            _columns[c][row] = values[c];
        }
    }

    public void GetRow(int row, Span<Felt> destination)
    {
        for (int c = 0; c < Width; c++)
        {
            destination[c] = _columns[c][row];
        }
    }
}
