using Lamina.L1.Transactions;
using Lamina.L1.ZkRollups;

namespace Lamina.Fuzz;

/// <summary>
/// Targets for the L1 ZK rollups module's decoders (Lamina.L1.ZkRollups), each choosing its decoder by the first byte:
/// <list type="bullet">
/// <item><c>zk-l1-payload</c>: kind byte (32 to 37) ‖ body, through the kind's <c>DecodeBody</c> (a batch decodes its
/// effects and its proof); an accepted body must re-encode to the input, with value at risk, intrinsic gas and JSON.</item>
/// <item><c>zk-l1-record</c>: selector byte (0 to 6, <see cref="ZkL1RecordDecoders"/>) ‖ a record's canonical encoding.</item>
/// </list>
/// </summary>
public static partial class FuzzTargets
{
    /// <summary>The ZK rollups module's records, by the selector byte the <c>zk-l1-record</c> target reads first.</summary>
    public static readonly IReadOnlyList<Action<ReadOnlySpan<byte>>> ZkL1RecordDecoders =
    [
        b => RoundTrip<ZkRollupRecord>(b, out _),
        b => RoundTrip<ZkPriorityRecord>(b, out _),
        b => RoundTrip<ZkBatchRecord>(b, out _),
        b => RoundTrip<ZkRejectionRecord>(b, out _),
        b => RoundTrip<ZkExitRecord>(b, out _),
        b => RoundTrip<ZkIndexRecord>(b, out _),
        b => RoundTrip<ZkBlockFailureRecord>(b, out _),
    ];

    private static void ZkL1PayloadTarget(ReadOnlySpan<byte> input)
    {
        var payload = KindBodyRoundTrip(input, TxKind.ZkRegister, TxKind.ZkRefund, "ZK");
        if (payload is ZkBatchPayload batch && (batch.Blob.HasData || batch.CarriedBlob != batch.Blob))
            throw new FuzzFindingException("a decoded batch must carry its blob without the bytes");
    }

    private static void ZkL1RecordTarget(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty || input[0] >= ZkL1RecordDecoders.Count) return;
        ZkL1RecordDecoders[input[0]](input[1..]);
    }
}
