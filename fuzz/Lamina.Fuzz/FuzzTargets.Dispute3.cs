using Lamina.Core;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.Fuzz;

public static partial class FuzzTargets
{
    /// <summary>
    /// L1's records a fuzzed game record replays against (issue 14: the step checks every deposit against them and
    /// charges each block its origin's fee): two deposits and two origins' fees, so a fuzzed step can name a recorded,
    /// an altered and an unknown deposit, and a descent a known and an unknown origin.
    /// </summary>
    public static readonly IRollupL1Records DisputeFuzzDeposits = new L1RecordList(
        [new L2Deposit(0, new Address(Enumerable.Repeat((byte)0x55, 20).ToArray()), 1000), new L2Deposit(1, new Address(Enumerable.Repeat((byte)0x56, 20).ToArray()), 7)],
        new Dictionary<ulong, ulong> { [0] = 0, [3] = 5 });
}

/// <summary>
/// Target <c>dispute3-records</c> for the decoders issue 14's derivation-fault and fee work added, chosen by the first
/// input byte: 0 a <see cref="Lamina.L1.Rollups.BlobFeeRecord"/> (re-encode), 1 the L2 state's deposit cursor leaf
/// (<see cref="OptimisticDepositCursor"/>, re-encode).
/// </summary>
public static partial class FuzzTargets
{
    private static void Dispute3RecordsTarget(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) return;
        var body = input[1..];
        switch (input[0])
        {
            case 0: RoundTrip<Lamina.L1.Rollups.BlobFeeRecord>(body, out _); break;
            case 1:
                ulong next;
                try
                {
                    next = OptimisticDepositCursor.Decode(body);
                }
                catch (Lamina.Core.Codec.CodecException)
                {
                    return;
                }
                Same(body, OptimisticDepositCursor.Encode(next), "deposit cursor");
                break;
        }
    }
}
