using Xunit.Abstractions;

namespace Lamina.Simulation.Tests;

public class SmokeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("clean-4", 1ul)]
    [InlineData("faulty-4", 2ul)]
    [InlineData("byzantine-7", 3ul)]
    [InlineData("equivocators-10", 4ul)]
    public void One_run(string config, ulong seed)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var r = Simulator.Run(SimulationConfigs.ByName(config), seed);
        output.WriteLine($"{r} wall={sw.ElapsedMilliseconds}ms");
        Assert.True(r.Passed, r.ToString());
    }
}
