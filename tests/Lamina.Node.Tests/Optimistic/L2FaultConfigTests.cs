using Lamina.Node.Optimistic;

namespace Lamina.Node.Tests.Optimistic;

/// <summary>config.json's l2.faults for the sequencer's bad-transition fault: its seed (1 unless given), and typed refusals.</summary>
public sealed class L2FaultConfigTests
{
    private static L2RoleConfig With(params string[] faults) => new() { Faults = [.. faults] };

    [Fact]
    public void The_bad_transition_fault_takes_an_optional_seed()
    {
        Assert.Null(With().BadTransitionSeed);
        Assert.Null(With("wrong-root").BadTransitionSeed);
        var plain = With("bad-transition");
        plain.Validate("config.json");
        Assert.Equal(1UL, plain.BadTransitionSeed);
        var seeded = With("withhold-batch", "bad-transition 42");
        seeded.Validate("config.json");
        Assert.Equal(42UL, seeded.BadTransitionSeed);
    }

    [Theory]
    [InlineData("bad-transition x", "the seed must be an unsigned integer")]
    [InlineData("bad-transition -3", "the seed must be an unsigned integer")]
    [InlineData("bad-transitions", "unknown fault 'bad-transitions'")]
    public void A_malformed_fault_is_refused_with_its_reason(string fault, string reason)
    {
        var e = Assert.Throws<ConfigException>(() => With(fault).Validate("config.json"));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
