namespace Lamina.Client.Views;

/// <summary>l1_mempool: pending transactions and their bytes.</summary>
public sealed record MempoolView(ulong Count, ulong Bytes)
{
    public static MempoolView Read(ViewReader r) => new(r.ULong("count"), r.ULong("bytes"));
}
