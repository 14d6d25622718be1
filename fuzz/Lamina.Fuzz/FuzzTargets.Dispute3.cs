using Lamina.Core;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.Fuzz;

public static partial class FuzzTargets
{
    /// <summary>
    /// L1's deposit queue a fuzzed game record replays against (issue 14: the step checks every deposit against it):
    /// two deposits, so a fuzzed step can name a recorded, an altered and an unknown deposit.
    /// </summary>
    public static readonly IL1DepositQueue DisputeFuzzDeposits = new L1DepositList(
        [new L2Deposit(0, new Address(Enumerable.Repeat((byte)0x55, 20).ToArray()), 1000), new L2Deposit(1, new Address(Enumerable.Repeat((byte)0x56, 20).ToArray()), 7)]);
}
