namespace Lamina.Stark.Field;

/// <summary>
/// Montgomery's trick: n inversions for the price of one inversion and 3(n − 1) multiplications.
/// Zeros are left as zero so that callers never have to special-case them.
/// </summary>
public static class BatchInversion
{
    public static void InvertInPlace<T>(Span<T> values) where T : unmanaged, IStarkField<T>
    {
        if (values.Length == 0)
        {
            return;
        }
        T[] prefix = new T[values.Length];
        T acc = T.One;
        for (int i = 0; i < values.Length; i++)
        {
            prefix[i] = acc;
            if (!values[i].Equals(T.Zero))
            {
                acc *= values[i];
            }
        }
        T inv = acc.Inverse();
        for (int i = values.Length - 1; i >= 0; i--)
        {
            if (values[i].Equals(T.Zero))
            {
                continue;
            }
            T original = values[i];
            values[i] = inv * prefix[i];
            inv *= original;
        }
    }
}
