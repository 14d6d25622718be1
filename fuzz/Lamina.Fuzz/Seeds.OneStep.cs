using Lamina.Core;
using Lamina.L2.Optimistic;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for the one-step targets: each transaction kind, and the real witnesses for the fuzz fixture's state.</summary>
    private static void AddOneStepSeeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        var fixture = FuzzTargets.OneStepFixture.Instance;
        seeds["one-step-transaction"] =
        [
            fixture.Transfer.Encode(),
            fixture.Withdrawal.Encode(),
            OneStepTransaction.ForDeposit(7, new Address(Filled(Address.Size, 3)), ulong.MaxValue).Encode(),
        ];
        seeds["one-step-witness"] =
        [
            OneStepWitnessGenerator.Generate(fixture.Store, fixture.Root, fixture.Transfer, fixture.Machine.Context).Witness.Encode(),
            OneStepWitnessGenerator.Generate(fixture.Store, fixture.Root, fixture.Withdrawal, fixture.Machine.Context).Witness.Encode(),
            new OneStepWitness([]).Encode(),
        ];
    }
}
