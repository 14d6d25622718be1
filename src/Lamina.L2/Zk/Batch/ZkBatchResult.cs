using Lamina.L2.Zk.State;
using Lamina.Stark.Hashing;

namespace Lamina.L2.Zk.Batch;

/// <summary>The state after a batch and what it publishes.</summary>
public sealed class ZkBatchResult(ZkState state, IReadOnlyList<PubdataOp> ops)
{
    public ZkState State { get; } = state;
    public IReadOnlyList<PubdataOp> Ops { get; } = ops;
    public byte[] Pubdata { get; } = PubdataCodec.Encode(ops);
    public RpoDigest PubdataCommitment { get; } = PubdataCodec.Commitment(ops);
}
