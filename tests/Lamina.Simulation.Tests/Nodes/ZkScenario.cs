namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// A whole-node run with the ZK rollup (<c>NodeSimulation.Zk.cs</c>): the real operator (<c>ZkOperator</c> over its
/// journal on a store that survives crashes) reaches L1 through the real client and JSON-RPC methods of an honest node,
/// proves batches as events in virtual time, and a scripted user deposits, transfers, withdraws and deposits again.
/// <see cref="OperatorCrashes"/> crashes the operator that many times (while it proves, sends or idles) and restarts
/// it from its journal; with <see cref="WithholdPubdata"/>, from batch <see cref="WithholdFromBatch"/> on the operator
/// hands its batches only to a validator that withholds blob sidecars, so their pubdata never reaches DA, the
/// rollup freezes <see cref="ExodusDelayBlocks"/> after the last deposit was queued and users leave by exodus.
/// </summary>
public sealed record ZkScenario(int OperatorCrashes, bool WithholdPubdata = false, ulong ExodusDelayBlocks = 200, ulong WithholdFromBatch = 2)
{
    public static ZkScenario Crashes(int count) => new(count);

    /// <summary>Withheld pubdata: a short exodus delay (two seconds of 50 ms blocks), so the freeze comes within the run.</summary>
    public static ZkScenario Withholding(int crashes = 0) => new(crashes, WithholdPubdata: true, ExodusDelayBlocks: 40);

    public override string ToString() => $"zk-crash{OperatorCrashes}" + (WithholdPubdata ? $"-withhold{WithholdFromBatch}" : "");
}
