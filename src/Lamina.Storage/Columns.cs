namespace Lamina.Storage;

/// <summary>Dense indexing of <see cref="Column"/> values, so backends can keep per-column state in arrays.</summary>
internal static class Columns
{
    /// <summary>All columns, in numeric order.</summary>
    public static readonly Column[] All = Enum.GetValues<Column>();

    /// <summary>Size of an array indexed by <see cref="IndexOf"/>.</summary>
    public static readonly int Count = MaxValue() + 1;

    public static int IndexOf(Column column)
    {
        int index = (int)column;
        if (index >= Count || !Enum.IsDefined(column))
            throw new ArgumentOutOfRangeException(nameof(column), column, "unknown column");
        return index;
    }

    private static int MaxValue()
    {
        int max = 0;
        foreach (var c in All) max = Math.Max(max, (int)c);
        return max;
    }
}
