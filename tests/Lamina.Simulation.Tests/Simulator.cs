namespace Lamina.Simulation.Tests;

/// <summary>Console-runnable entry: one deterministic whole-network run per (config, seed).</summary>
public static class Simulator
{
    public static SimulationResult Run(SimulationConfig config, ulong seed) => new SimulationRun(config, seed).Execute();
}
