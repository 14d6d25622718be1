using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Transactions;

namespace Lamina.Fuzz;

/// <summary>
/// Target <c>dispute-l1</c> for the dispute game's L1 decoders, chosen by the first input byte: 0 a dispute
/// transaction body (kind byte 22 to 24 ‖ body, through the kind's format: re-encode, value at risk, JSON), 1 a
/// <see cref="DisputeGameRecord"/> (re-encode, then replay its moves, deriving and from its stored derivations, where
/// only a typed refusal may come out), 2 a
/// <see cref="DisputeIndexRecord"/>, 3 an L2 header preimage (<see cref="L2HeaderPreimage"/>, re-encode).
/// </summary>
public static partial class FuzzTargets
{
    /// <summary>The rollup config a fuzzed game record replays under.</summary>
    public static readonly RollupConfig DisputeFuzzRollup = new(7, 4242, new Hash256(new byte[32]), 1_000_000, 10, 5, new Address(Enumerable.Repeat((byte)0x22, 20).ToArray()));

    private static void DisputeL1Target(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) return;
        var body = input[1..];
        switch (input[0])
        {
            case 0: DisputePayload(body); break;
            case 1:
                if (!RoundTrip<DisputeGameRecord>(body, out var record)) return;
                try
                {
                    record!.Rebuild(DisputeFuzzRollup, DisputeFuzzDeposits);
                    // L1's replay, which trusts the record's stored derivations, must refuse a misfit one with a type too.
                    record.Replay(DisputeFuzzRollup, DisputeFuzzDeposits);
                }
                catch (InvalidDisputeMoveException)
                {
                }
                catch (CodecException)
                {
                }
                break;
            case 2: RoundTrip<DisputeIndexRecord>(body, out _); break;
            case 3:
                try
                {
                    Same(body, L2HeaderPreimage.Decode(body).Encoded, "L2HeaderPreimage");
                }
                catch (CodecException)
                {
                }
                break;
        }
    }

    private static void DisputePayload(ReadOnlySpan<byte> input)
        => KindBodyRoundTrip(input, TxKind.DisputeCreate, TxKind.DisputeResolve, "dispute");
}
