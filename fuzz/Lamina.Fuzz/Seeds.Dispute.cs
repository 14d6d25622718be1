using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for <c>dispute-move</c>: an attack, a defence, a real step proof over the one-step fixture, an identity step.</summary>
    private static void AddDisputeSeeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        var fixture = FuzzTargets.OneStepFixture.Instance;
        OneStepTransaction[] list = [fixture.Transfer, fixture.Withdrawal];
        var leaves = ExecutionStep.LeafHashes(list);
        var pre = ExecutionPoint.Start(fixture.Root, ExecutionStep.TxListRootOf(list), 2);
        var (witness, _) = OneStepWitnessGenerator.Generate(fixture.Store, fixture.Root, fixture.Transfer, fixture.Machine.Context);
        var step = new StepProof(pre, fixture.Transfer.Encode(), BinaryMerkleTree.Prove(leaves, 0), witness.Encode());
        seeds["dispute-move"] =
        [
            DisputeMove.Attack(0, pre.Commitment).Encode(),
            DisputeMove.Defend(7, new Hash256(Filled(32, 0x33))).Encode(),
            DisputeMove.StepOn(3, attack: true, step).Encode(),
            DisputeMove.StepOn(4, attack: false, StepProof.Identity(pre with { Cursor = 2 })).Encode(),
        ];
    }
}
