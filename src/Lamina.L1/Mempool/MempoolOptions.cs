namespace Lamina.L1.Mempool;

/// <summary>How much the mempool holds and how it treats replacements.</summary>
public sealed record MempoolOptions
{
    public int MaxTransactions { get; init; } = 20_000;
    public long MaxBytes { get; init; } = 64L * 1024 * 1024;
    public int MaxPerSender { get; init; } = 256;
    /// <summary>Largest single transaction admitted; tighter than the block limit so one sender cannot fill a block.</summary>
    public int MaxTransactionBytes { get; init; } = 64 * 1024;
    /// <summary>Largest transaction of a kind that carries data (a blob), whose size is priced by its own fee market.</summary>
    public int MaxDataTransactionBytes { get; init; } = Transactions.Transaction.MaxEncodedSize;
    /// <summary>A replacement must raise both fee caps by at least this percentage (geth uses 10).</summary>
    public int ReplacementBumpPercent { get; init; } = 10;
}
