using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;

namespace Lamina.L2.Tests.Zk.Batch;

public sealed class PubdataReplayTests
{
    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    public void State_rebuilt_from_pubdata_alone_equals_the_executed_state(ulong seed)
    {
        var workload = new ZkWorkload(seed, users: 24);
        var executor = new ZkBatchExecutor(ZkWorkload.Domain);
        var proverState = new ZkState();
        var watcher = new ZkState();
        for (int batch = 0; batch < 3; batch++)
        {
            var txs = workload.Take(30);
            ZkBatchResult result = executor.ApplyBatch(proverState, txs);
            proverState = result.State;
            // The watcher sees only the bytes.
            List<PubdataOp> decoded = PubdataCodec.Decode(result.Pubdata);
            Assert.Equal(result.PubdataCommitment, PubdataCodec.Commitment(decoded));
            PubdataReplayer.Apply(watcher, decoded);
            Assert.Equal(proverState.Root, watcher.Root);
        }
        Assert.Equal(workload.State.Root, proverState.Root);
        foreach (uint index in workload.Accounts)
        {
            Assert.Equal(proverState.Accounts.Get(index), watcher.Accounts.Get(index));
        }
    }

    [Fact]
    public void Pubdata_sizes_per_kind()
    {
        var workload = new ZkWorkload(9, users: 16);
        var txs = workload.Take(80);
        var result = new ZkBatchExecutor(ZkWorkload.Domain).ApplyBatch(new ZkState(), txs);
        foreach (var kind in Enum.GetValues<ZkTxKind>())
        {
            Assert.True(result.Ops.Any(o => o.Kind == kind), $"no {kind} in the workload: {string.Join(",", txs.Select(t => t.Kind))}");
        }
        int expected = result.Ops.Sum(o => PubdataCodec.Size(o.Kind));
        Assert.Equal(expected, result.Pubdata.Length);
        Assert.Equal(12, PubdataCodec.Size(ZkTxKind.Transfer));
    }

    [Fact]
    public void Malformed_pubdata_is_refused_with_codec_errors()
    {
        var workload = new ZkWorkload(4, users: 8);
        var result = new ZkBatchExecutor(ZkWorkload.Domain).ApplyBatch(new ZkState(), workload.Take(30));
        byte[] bytes = result.Pubdata;
        for (int cut = 1; cut < bytes.Length; cut++)
        {
            try
            {
                var ops = PubdataCodec.Decode(bytes.AsSpan(0, cut));
                Assert.Equal(bytes.AsSpan(0, cut).ToArray(), PubdataCodec.Encode(ops)); // only whole operations survive a cut
            }
            catch (Lamina.Core.Codec.CodecException)
            {
            }
        }
        byte[] unknown = (byte[])bytes.Clone();
        unknown[0] = 0x09;
        Assert.Equal(Lamina.Core.Codec.CodecError.UnknownKind, Assert.Throws<Lamina.Core.Codec.CodecException>(() => PubdataCodec.Decode(unknown)).Error);
        byte[] flagged = [0x81, 1, 0, 0, 2, 0, 0, 0x20, 0, 0, 0, 0];
        Assert.Equal(Lamina.Core.Codec.CodecError.NonCanonical, Assert.Throws<Lamina.Core.Codec.CodecException>(() => PubdataCodec.Decode(flagged)).Error);
        byte[] truncated = [0x01, 1, 0, 0];
        Assert.Equal(Lamina.Core.Codec.CodecError.Truncated, Assert.Throws<Lamina.Core.Codec.CodecException>(() => PubdataCodec.Decode(truncated)).Error);
    }
}
