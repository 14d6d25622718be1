using Lamina.L1.Rollups;
using Lamina.L1.Transactions;

namespace Lamina.Fuzz;

/// <summary>
/// Targets for the L1 rollups module's decoders (Lamina.L1.Rollups). Two targets cover them all, each choosing its
/// decoder by the first input byte so that one corpus reaches every one:
/// <list type="bullet">
/// <item><c>rollup-payload</c>: kind byte (16 to 21) ‖ body, through the kind's <c>DecodeBody</c>; an accepted body
/// must re-encode to the input and its value at risk must be computable.</item>
/// <item><c>rollup-record</c>: selector byte (0 to 9, <see cref="RecordDecoders"/>) ‖ a record's canonical encoding.</item>
/// </list>
/// </summary>
public static partial class FuzzTargets
{
    /// <summary>The rollups module's records, by the selector byte the <c>rollup-record</c> target reads first.</summary>
    public static readonly IReadOnlyList<Action<ReadOnlySpan<byte>>> RecordDecoders =
    [
        b => RoundTrip<RollupRecord>(b, out _),
        b => RoundTrip<RollupOutputRecord>(b, out _),
        b => RoundTrip<RollupDepositRecord>(b, out _),
        b => RoundTrip<RollupForcedRecord>(b, out _),
        b => RoundTrip<RollupBatchRecord>(b, out _),
        b => RoundTrip<BlockBlobsRecord>(b, out _),
        b => RoundTrip<RollupWithdrawalRecord>(b, out _),
        b => RoundTrip<RollupIndexRecord>(b, out _),
        b => RoundTrip<RollupPaidWithdrawalRecord>(b, out _),
        b => RoundTrip<RollupPaidWithdrawalCountRecord>(b, out _),
    ];

    private static void RollupPayloadTarget(ReadOnlySpan<byte> input)
        => KindBodyRoundTrip(input, TxKind.RollupRegister, TxKind.RollupWithdraw, "rollup");

    private static void RollupRecordTarget(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty || input[0] >= RecordDecoders.Count) return;
        RecordDecoders[input[0]](input[1..]);
    }
}
