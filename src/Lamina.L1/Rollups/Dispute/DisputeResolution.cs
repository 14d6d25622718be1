using Lamina.Core;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// A resolved game: the outcome, whether each claim was countered, and who is paid each claim's bond: the claimant
/// of an uncountered claim gets it back; a countered claim's bond goes to whoever countered it — the one-step prover,
/// or else the claimant of its leftmost uncountered child (OP Stack's rule). <see cref="Payouts"/> is in claim order.
/// </summary>
public sealed record DisputeResolution(DisputeOutcome Outcome, IReadOnlyList<bool> Countered, IReadOnlyList<(Address To, UInt128 Amount)> Payouts)
{
    /// <summary>The total paid to <paramref name="party"/> (checked).</summary>
    public UInt128 PaidTo(Address party)
    {
        var total = UInt128.Zero;
        foreach (var (to, amount) in Payouts)
            if (to == party) total = checked(total + amount);
        return total;
    }
}
