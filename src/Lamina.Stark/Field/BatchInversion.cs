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
        // Small batches (the signature trace inverts a group's slopes at every step) keep their prefix on the stack.
        Span<T> prefix = values.Length <= 64 ? stackalloc T[values.Length] : new T[values.Length];
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
