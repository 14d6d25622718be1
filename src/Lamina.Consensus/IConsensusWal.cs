namespace Lamina.Consensus;

/// <summary>One logged input, tagged with the height the machine was at (a <see cref="StartHeight"/> is tagged with the height it starts).</summary>
public sealed record WalEntry(ulong Height, ConsensusInput Input);

/// <summary>
/// The consensus write-ahead log: every input is appended (durably) before the machine handles it, so after a crash
/// the machine can be rebuilt input by input and re-derives exactly the votes it had signed, never different ones.
/// </summary>
public interface IConsensusWal
{
    /// <summary>Appends <paramref name="entry"/>; returns once it is durable.</summary>
    void Append(WalEntry entry) => Append(entry, durable: true);

    /// <summary>
    /// Appends <paramref name="entry"/>. With <paramref name="durable"/> false the write may sit in a buffer until the
    /// next durable append (CometBFT's Write versus WriteSync): peers' messages can be received again after a crash,
    /// and the double-sign guard, not the log, is what keeps a restarted validator from contradicting itself.
    /// </summary>
    void Append(WalEntry entry, bool durable);

    /// <summary>Makes every entry appended so far durable (a no-op when nothing is buffered).</summary>
    void Flush();

    /// <summary>Every entry, oldest first.</summary>
    IReadOnlyList<WalEntry> ReadAll();

    /// <summary>Drops entries tagged below <paramref name="height"/> (their heights are decided and stored elsewhere).</summary>
    void TruncateBelow(ulong height);
}
