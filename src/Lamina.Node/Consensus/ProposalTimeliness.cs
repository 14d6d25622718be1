namespace Lamina.Node.Consensus;

/// <summary>
/// Proposer-based timestamps (as CometBFT's PBTS): block time is the proposer's clock, bounded by each validator's.
/// Nobody prevotes a block stamped in its future beyond the clock precision, and nobody prevotes a fresh proposal
/// (no proof-of-lock round) stamped further in its past than precision plus message delay. So the time of a committed
/// block is within those bounds of the honest majority's clocks, which later layers' time-based windows rely on. A
/// re-proposed locked value (POL round ≥ 0) was judged timely in its own round, so only the future bound applies.
/// </summary>
public static class ProposalTimeliness
{
    /// <summary>How far a proposer's clock may be from ours.</summary>
    public const long ClockPrecisionMs = 5_000;

    /// <summary>How late a fresh proposal may reach us and still count as timely.</summary>
    public const long MessageDelayMs = 15_000;

    /// <summary>Null when the proposal is timely at <paramref name="nowMs"/>, otherwise why it is not.</summary>
    public static string? Check(ulong blockTimeMs, long nowMs, long polRound)
    {
        var stamped = blockTimeMs > long.MaxValue ? long.MaxValue : (long)blockTimeMs;
        if (stamped > nowMs + ClockPrecisionMs)
        {
            return $"timestamped {stamped - nowMs} ms in the future; the clock precision is {ClockPrecisionMs} ms";
        }
        if (polRound < 0 && stamped < nowMs - ClockPrecisionMs - MessageDelayMs)
        {
            return $"timestamped {nowMs - stamped} ms in the past; a fresh proposal may be at most {ClockPrecisionMs + MessageDelayMs} ms old";
        }
        return null;
    }
}
