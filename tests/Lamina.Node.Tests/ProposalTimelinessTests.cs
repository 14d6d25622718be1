using Lamina.Node.Consensus;

namespace Lamina.Node.Tests;

public sealed class ProposalTimelinessTests
{
    private const long Now = 1_800_000_000_000;
    private const long Precision = ProposalTimeliness.ClockPrecisionMs;
    private const long Delay = ProposalTimeliness.MessageDelayMs;

    [Theory]
    [InlineData(0)]
    [InlineData(Precision)]
    [InlineData(-Precision - Delay)]
    [InlineData(-1_000)]
    public void Fresh_proposal_within_the_bounds_is_timely(long offset) => Assert.Null(ProposalTimeliness.Check((ulong)(Now + offset), Now, -1));

    [Fact]
    public void Future_beyond_the_precision_is_refused_even_for_a_locked_value()
    {
        Assert.Contains("future", ProposalTimeliness.Check((ulong)(Now + Precision + 1), Now, -1));
        Assert.Contains("future", ProposalTimeliness.Check((ulong)(Now + Precision + 1), Now, 2));
        Assert.Contains("future", ProposalTimeliness.Check(ulong.MaxValue, Now, -1));
    }

    [Fact]
    public void Fresh_proposal_older_than_precision_plus_delay_is_refused()
        => Assert.Contains("past", ProposalTimeliness.Check((ulong)(Now - Precision - Delay - 1), Now, -1));

    [Fact]
    public void Re_proposed_locked_value_may_be_old()
        => Assert.Null(ProposalTimeliness.Check((ulong)(Now - 3_600_000), Now, 0));
}
