using Lamina.Core.Codec;
using Lamina.L2.Zk.Operator;
using Lamina.L2.Zk.Settlement;

namespace Lamina.Fuzz;

/// <summary>Targets for the ZK operator's decoders (Lamina.L2.Zk): the batch submission and the journal's batch record.</summary>
public static partial class FuzzTargets
{
    /// <summary>ZkBatchSubmission.Decode + re-encode; a decoded submission's pubdata decodes or fails with a CodecException.</summary>
    private static void ZkBatchSubmissionTarget(ReadOnlySpan<byte> input)
    {
        ZkBatchSubmission submission;
        try
        {
            submission = ZkBatchSubmission.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, submission.Encode(), nameof(ZkBatchSubmission));
        try
        {
            _ = submission.DecodePubdata();
        }
        catch (CodecException)
        {
        }
    }

    /// <summary>ZkStoredBatch.Decode + re-encode (the operator's journal record: plan, then proven submission).</summary>
    private static void ZkStoredBatchTarget(ReadOnlySpan<byte> input)
    {
        ZkStoredBatch stored;
        try
        {
            stored = ZkStoredBatch.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, stored.Encode(), nameof(ZkStoredBatch));
    }
}
