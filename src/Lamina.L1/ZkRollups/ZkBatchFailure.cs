namespace Lamina.L1.ZkRollups;

/// <summary>Why a batch was included as failed: the typed reason and a sentence (printable ASCII, cut to a limit).</summary>
public sealed record ZkBatchFailure(ZkRollupError Reason, string Message)
{
    public static ZkBatchFailure Of(ZkRollupError reason, string message)
    {
        var text = new System.Text.StringBuilder(Math.Min(message.Length, ZkRollupLimits.MaxMessageLength));
        foreach (var c in message)
        {
            if (text.Length == ZkRollupLimits.MaxMessageLength) break;
            text.Append(c is >= ' ' and <= '~' ? c : '?');
        }
        return new ZkBatchFailure(reason, text.ToString());
    }
}
