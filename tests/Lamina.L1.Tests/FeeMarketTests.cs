using Lamina.L1.Execution;

namespace Lamina.L1.Tests;

public sealed class FeeMarketTests
{
    private const ulong Limit = 30_000_000;
    private const ulong Target = Limit / 2;

    [Fact]
    public void Unchanged_at_target() => Assert.Equal(1_000UL, FeeMarket.NextBaseFee(1_000, Target, Limit));

    [Fact]
    public void Rises_one_eighth_after_a_full_block() => Assert.Equal(1_125UL, FeeMarket.NextBaseFee(1_000, Limit, Limit));

    [Fact]
    public void Falls_one_eighth_after_an_empty_block() => Assert.Equal(875UL, FeeMarket.NextBaseFee(1_000, 0, Limit));

    [Fact]
    public void Moves_proportionally_between()
    {
        // 75% full: +1000 · 0.5 / 8 = 62.5, rounded down.
        Assert.Equal(1_062UL, FeeMarket.NextBaseFee(1_000, Limit * 3 / 4, Limit));
        // 25% full: −62.5, the decrease rounded down.
        Assert.Equal(938UL, FeeMarket.NextBaseFee(1_000, Limit / 4, Limit));
    }

    [Fact]
    public void A_busy_block_always_raises_the_fee_by_at_least_one()
    {
        Assert.Equal(2UL, FeeMarket.NextBaseFee(1, Limit, Limit));
        Assert.Equal(8UL, FeeMarket.NextBaseFee(7, Target + 1, Limit));
    }

    [Fact]
    public void Never_below_the_minimum()
    {
        Assert.Equal(FeeMarket.MinimumBaseFee, FeeMarket.NextBaseFee(1, 0, Limit));
        Assert.Equal(FeeMarket.MinimumBaseFee, FeeMarket.NextBaseFee(0, 0, Limit));
        Assert.Equal(FeeMarket.MinimumBaseFee, FeeMarket.NextBaseFee(0, Target, Limit));
        var fee = 1_000_000UL;
        for (var i = 0; i < 500; i++)
        {
            var next = FeeMarket.NextBaseFee(fee, 0, Limit);
            Assert.True(next <= fee);
            Assert.True(next >= FeeMarket.MinimumBaseFee);
            fee = next;
        }
        // Integer rounding stops the decay where fee/8 rounds to zero (as on Ethereum): the floor is reachable
        // only from below 8, but the fee never goes under the minimum.
        Assert.True(fee < 8);
    }

    [Fact]
    public void No_overflow_at_the_top_of_the_range()
    {
        Assert.Equal(ulong.MaxValue, FeeMarket.NextBaseFee(ulong.MaxValue, Limit, Limit));
        Assert.Equal(ulong.MaxValue, FeeMarket.NextBaseFee(ulong.MaxValue - 1, Limit, Limit));
        Assert.Equal(ulong.MaxValue, FeeMarket.NextBaseFee(ulong.MaxValue, Target, Limit));
        Assert.Equal(ulong.MaxValue - ulong.MaxValue / 8, FeeMarket.NextBaseFee(ulong.MaxValue, 0, Limit));
        // The largest possible gas limit and usage, too.
        Assert.Equal(ulong.MaxValue, FeeMarket.NextBaseFee(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue));
        Assert.Equal(2UL, FeeMarket.NextBaseFee(1, ulong.MaxValue, ulong.MaxValue));
    }

    [Fact]
    public void Degenerate_gas_limit_keeps_the_fee()
    {
        Assert.Equal(500UL, FeeMarket.NextBaseFee(500, 0, 0));
        Assert.Equal(500UL, FeeMarket.NextBaseFee(500, 0, 1));
    }

    [Theory]
    [InlineData(2_000UL, 10UL, 1_000UL, 10UL)] // the priority fee is the binding cap
    [InlineData(1_005UL, 10UL, 1_000UL, 5UL)] // max fee − base fee is the binding cap
    [InlineData(1_000UL, 10UL, 1_000UL, 0UL)] // max fee exactly the base fee: no room for a tip
    [InlineData(999UL, 10UL, 1_000UL, 0UL)] // below the base fee: no tip (and not includable)
    [InlineData(2_000UL, 0UL, 1_000UL, 0UL)]
    [InlineData(ulong.MaxValue, ulong.MaxValue, 0UL, ulong.MaxValue)]
    [InlineData(ulong.MaxValue, 5UL, ulong.MaxValue, 0UL)]
    [InlineData(0UL, 0UL, 0UL, 0UL)]
    public void Effective_tip(ulong maxFee, ulong maxPriority, ulong baseFee, ulong expected)
        => Assert.Equal(expected, FeeMarket.EffectiveTip(maxFee, maxPriority, baseFee));
}
