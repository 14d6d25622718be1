using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Client.Views;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.State;

namespace Lamina.Cli.Commands;

/// <summary>
/// Rebuilds a ZK rollup's last proven state from L1 records and DA alone, without the operator: for every proven
/// batch (zkl1_getBatch: L1 height and pubdata commitment), the rollup namespace's shares of that block from a DA
/// node, each row's namespace proof checked against a row root proven in the header's data root, reassembled into
/// blobs; the one whose <see cref="BlobCommitment"/> is the batch's is its pubdata, replayed with
/// <see cref="PubdataReplayer"/>. The result must open the account root L1 holds.
/// </summary>
internal static class ZkPubdataFromDa
{
    public static async Task<ZkState> RebuildAsync(LaminaRpcClient l1, LaminaRpcClient da, ZkRollupView rollup, CancellationToken ct)
    {
        var state = new ZkState();
        var ns = L1.Rollups.RollupNamespace.Of(rollup.RollupId);
        for (ulong n = 0; n < rollup.Batches; n++)
        {
            var batch = await l1.GetZkBatchAsync(rollup.RollupId, n, ct);
            var pubdata = await FetchAsync(da, l1, batch.L1Height, ns, batch.PubdataCommitment, ct)
                ?? throw new FormatException($"no blob in namespace {ns} at L1 height {batch.L1Height} has batch {n}'s commitment {batch.PubdataCommitment}");
            PubdataReplayer.Apply(state, PubdataCodec.Decode(pubdata));
        }
        if (!state.Accounts.Root.ToBytes().AsSpan().SequenceEqual(rollup.AccountRoot.ToArray()))
            throw new FormatException($"the pubdata of {rollup.Batches} batches rebuilds account root {Hex.Encode(state.Accounts.Root.ToBytes())}, L1 holds {rollup.AccountRoot}");
        return state;
    }

    private static async Task<byte[]?> FetchAsync(LaminaRpcClient da, LaminaRpcClient l1, ulong height, Namespace ns, Hash256 commitment, CancellationToken ct)
    {
        var block = await l1.GetBlockAsync(height, cancellation: ct);
        var root = Hash256.Parse(block.Json["dataRoot"]!.GetValue<string>());
        var answer = await da.GetNamespaceDataAsync(height, Hex.Encode(ns.ToArray()), ct) as JsonObject
            ?? throw new FormatException("da_getNamespaceData answered with something other than an object");
        var k = answer["k"]!.GetValue<int>();
        var shares = new List<byte[]>();
        foreach (var row in answer["rows"]!.AsArray())
        {
            var rowRoot = Canonical.Decode<DataAvailability.Nmt.NmtNode>(Hex.Decode(row!["rowRoot"]!.GetValue<string>()));
            var path = row["rowRootPath"]!.AsArray().Select(x => Hash256.Parse(x!.GetValue<string>())).ToArray();
            Core.Merkle.BinaryMerkleTree.Verify(root, DataAvailabilityHeader.LeafHash(rowRoot), row["row"]!.GetValue<int>(), 4 * k, path);
            var proof = Canonical.Decode<DataAvailability.Nmt.NamespaceProof>(Hex.Decode(row["proof"]!.GetValue<string>()));
            var rowShares = row["shares"]!.AsArray().Select(x => Hex.Decode(x!.GetValue<string>())).ToList();
            if (proof.ProvesAbsence) proof.VerifyAbsent(rowRoot, 2 * k);
            else proof.VerifyComplete(rowRoot, 2 * k, rowShares);
            shares.AddRange(rowShares);
        }
        foreach (var blob in NamespaceBlobs.Reassemble(shares))
        {
            if (BlobCommitment.Of(blob) == commitment) return blob;
        }
        return null;
    }
}
