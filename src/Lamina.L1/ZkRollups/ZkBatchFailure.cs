using Lamina.L2.Zk.Proving;
using Lamina.Stark.Proofs;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// Why a batch was included as failed. <see cref="Reason"/> and <see cref="Detail"/> are consensus state (in the
/// <see cref="ZkRejectionRecord"/>): <see cref="Detail"/> is the STARK's <see cref="ProofRejection"/> for
/// <see cref="ZkRollupError.ProofInvalid"/>, part 1's <see cref="ZkBatchRejection"/> for
/// <see cref="ZkRollupError.PriorityQueueViolation"/>, and 0 otherwise. <see cref="Message"/> (printable ASCII, cut to
/// a limit) is node-local diagnostics: exception texts are not a format every version must reproduce byte for byte.
/// </summary>
public sealed record ZkBatchFailure(ZkRollupError Reason, ushort Detail, string Message)
{
    /// <summary>
    /// Every (reason, detail) a failed batch can record, in a fixed order: what a node that imports a committed block
    /// without the pubdata tries, one by one, until the state root is the header's (<c>BlockPipeline.Verify</c>).
    /// Only the sub-reasons that say which rule broke are kept, so the list stays short (19 entries).
    /// </summary>
    public static readonly IReadOnlyList<uint> CandidateCodes = BuildCandidates();

    /// <summary>The (reason, detail) pair as one number: reason × 65536 + detail (<c>BlockContext.AssumedFailureCode</c>).</summary>
    public uint Code => ((uint)Reason << 16) | Detail;

    /// <summary>The detail's name (<c>OodConstraintMismatch</c>, <c>PriorityQueueMismatch</c>, …), null when it is 0.</summary>
    public string? DetailName => DetailNameOf(Reason, Detail);

    public static ZkBatchFailure Of(ZkRollupError reason, string message) => Of(reason, 0, message);

    public static ZkBatchFailure Of(ZkRollupError reason, ushort detail, string message)
    {
        if (!IsValid(reason, detail)) throw new ArgumentOutOfRangeException(nameof(detail), $"{detail} is not a detail of batch failure {reason}");
        var text = new System.Text.StringBuilder(Math.Min(message.Length, ZkRollupLimits.MaxMessageLength));
        foreach (var c in message)
        {
            if (text.Length == ZkRollupLimits.MaxMessageLength) break;
            text.Append(c is >= ' ' and <= '~' ? c : '?');
        }
        return new ZkBatchFailure(reason, detail, text.ToString());
    }

    /// <summary>The failure a node that did not hold the pubdata assumes, from a candidate <see cref="Code"/>.</summary>
    public static ZkBatchFailure FromCode(uint code)
    {
        var reason = (ZkRollupError)(code >> 16);
        var detail = (ushort)(code & 0xFFFF);
        return Of(reason, detail, $"failed when the block was decided ({reason}{(detail == 0 ? "" : "/" + DetailNameOf(reason, detail))}); its pubdata is not held here");
    }

    /// <summary>Whether (<paramref name="reason"/>, <paramref name="detail"/>) is a failure a batch can be recorded with.</summary>
    public static bool IsValid(ZkRollupError reason, ushort detail) => reason switch
    {
        ZkRollupError.ProofInvalid => Enum.IsDefined((ProofRejection)detail),
        ZkRollupError.PriorityQueueViolation => Enum.IsDefined((ZkBatchRejection)detail),
        ZkRollupError.PubdataMalformed or ZkRollupError.EffectsMismatch => detail == 0,
        _ => false,
    };

    public static string? DetailNameOf(ZkRollupError reason, ushort detail) => reason switch
    {
        ZkRollupError.ProofInvalid when detail != 0 => ((ProofRejection)detail).ToString(),
        ZkRollupError.PriorityQueueViolation when detail != 0 => ((ZkBatchRejection)detail).ToString(),
        _ => null,
    };

    private static uint[] BuildCandidates()
    {
        var codes = new List<uint>();
        foreach (var rejection in Enum.GetValues<ProofRejection>()) codes.Add(new ZkBatchFailure(ZkRollupError.ProofInvalid, (ushort)rejection, "").Code);
        foreach (var rejection in Enum.GetValues<ZkBatchRejection>()) codes.Add(new ZkBatchFailure(ZkRollupError.PriorityQueueViolation, (ushort)rejection, "").Code);
        codes.Add(new ZkBatchFailure(ZkRollupError.PubdataMalformed, 0, "").Code);
        codes.Add(new ZkBatchFailure(ZkRollupError.EffectsMismatch, 0, "").Code);
        return [.. codes];
    }
}
