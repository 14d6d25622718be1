using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core;
using Lamina.L2.Zk.Operator;
using Lamina.L2.Zk.Settlement;
using Lamina.L2.Zk.State;
using Lamina.Node.Rpc;

namespace Lamina.Node.Zk;

/// <summary>
/// The zk_* methods of the ZK operator. zk_sendTransaction takes the hex of a signed ZkTransaction (transfer,
/// transfer to a new account, withdrawal) and answers once it is journaled, or refuses with data.reason the rule
/// (badSignature, wrongNonce, insufficientBalance, …) or malformed / priorityKind / full / frozen / halted. zk_getAccount reads
/// the pending state by account index; zk_head gives the pending head, the proven one L1 holds and why the operator
/// halted (null while it runs); zk_getBatch a batch with its proof size, prove time, L1 verify time (the L1 node's own measurement) and L1
/// gas (null when L1 does not report them); zk_pending the operations not in a batch yet. Until the
/// role runs every method answers NotFound with data.reason = "starting".
/// </summary>
public sealed class ZkRpcMethods(Func<ZkOperatorRole?> role, Func<string?> startError) : IRpcMethodSet
{
    public string Namespace => "zk";

    IReadOnlyList<string> IRpcMethodSet.Names => Names;

    public static readonly string[] Names = ["zk_sendTransaction", "zk_getAccount", "zk_head", "zk_getBatch", "zk_pending"];

    public JsonNode? Invoke(string method, RpcParams p)
    {
        var running = role() ?? throw new RpcException(RpcErrorCodes.NotFound, $"the zk-operator role is still starting{(startError() is { } e ? $": {e}" : "")}",
            new JsonObject { ["reason"] = "starting" });
        ZkOperatorCore core = running.Operator.Core;
        return method switch
        {
            "zk_sendTransaction" => Send(core, p),
            "zk_getAccount" => Account(core, Index(p)),
            "zk_head" => Head(running),
            "zk_getBatch" => Batch(core, p.OptionalULong(0, "number") ?? throw RpcParams.Invalid("parameter 'number' is required")),
            "zk_pending" => Pending(core, (int)Math.Min(p.OptionalULong(0, "max") ?? 100, 1_000)),
            _ => throw new RpcException(RpcErrorCodes.MethodNotFound, $"method '{method}' does not exist; available: {string.Join(", ", Names)}"),
        };
    }

    private static uint Index(RpcParams p)
    {
        ulong index = p.OptionalULong(0, "index") ?? throw RpcParams.Invalid("parameter 'index' is required");
        if (index >= AccountTree.Capacity) throw RpcParams.Invalid($"index {index} is outside the 2^{AccountTree.Depth}-account tree");
        return (uint)index;
    }

    private static JsonObject Send(ZkOperatorCore core, RpcParams p)
    {
        byte[] bytes;
        try
        {
            bytes = Hex.Decode(p.RequireString(0, "tx"));
        }
        catch (FormatException e)
        {
            throw new RpcException(RpcErrorCodes.InvalidTransaction, $"not a ZK transaction: {e.Message}", new JsonObject { ["reason"] = "malformed" });
        }
        try
        {
            ZkAdmitted admitted = core.Admit(bytes);
            return new JsonObject
            {
                ["hash"] = admitted.Hash.ToString(),
                ["status"] = "accepted",
                ["sequence"] = admitted.Sequence,
                ["pendingRoot"] = Digest(core.PendingHead().StateRoot),
            };
        }
        catch (ZkTransactionRejectedException e)
        {
            int code = e.Reason == ZkRejection.Malformed ? RpcErrorCodes.InvalidTransaction : RpcErrorCodes.TransactionRejected;
            throw new RpcException(code, e.Message, new JsonObject { ["reason"] = e.Code });
        }
    }

    private static JsonObject Account(ZkOperatorCore core, uint index)
    {
        AccountLeaf leaf = core.GetAccount(index);
        return new JsonObject
        {
            ["index"] = index,
            ["exists"] = !leaf.IsEmpty,
            ["publicKey"] = leaf.Key?.ToString(),
            ["balance"] = leaf.Balance,
            ["nonce"] = leaf.Nonce,
            ["pendingRoot"] = Digest(core.PendingHead().StateRoot),
        };
    }

    private static JsonObject Head(ZkOperatorRole running)
    {
        ZkPendingHead pending = running.Operator.Core.PendingHead();
        ZkL1Status? proven = running.Operator.L1Status;
        return new JsonObject
        {
            ["rollupId"] = running.RollupId,
            ["pending"] = new JsonObject
            {
                ["stateRoot"] = Digest(pending.StateRoot),
                ["accountRoot"] = Digest(pending.AccountRoot),
                ["operations"] = pending.Operations,
                ["unbatched"] = pending.Unbatched,
                ["batches"] = pending.Batches,
                ["priorityOpsProcessed"] = pending.PriorityOpsProcessed,
                ["accounts"] = pending.Accounts,
            },
            ["proven"] = proven is null ? null : new JsonObject
            {
                ["batches"] = proven.ProvenBatches,
                ["stateRoot"] = Digest(proven.ProvenStateRoot),
                ["accountRoot"] = Digest(proven.ProvenAccountRoot),
                ["priorityOpsQueued"] = proven.PriorityOpsQueued,
                ["priorityOpsProcessed"] = proven.PriorityOpsProcessed,
                ["priorityOpsWaiting"] = proven.PriorityOpsWaiting,
                ["frozen"] = proven.Frozen,
                ["l1Height"] = proven.L1Height,
            },
            ["lastError"] = running.Operator.LastError,
            ["halted"] = running.Operator.Core.Halted,
        };
    }

    private static JsonObject Batch(ZkOperatorCore core, ulong number)
    {
        ZkBatchInfo b = core.GetBatch(number) ?? throw new RpcException(RpcErrorCodes.NotFound, $"no zk batch {number}");
        return new JsonObject
        {
            ["number"] = b.Number,
            ["phase"] = char.ToLowerInvariant(b.Phase.ToString()[0]) + b.Phase.ToString()[1..],
            ["firstSequence"] = b.FirstSequence,
            ["opCount"] = b.OpCount,
            ["priorityOps"] = b.PriorityOps,
            ["pubdataBytes"] = b.PubdataBytes,
            ["proofBytes"] = b.ProofBytes,
            ["proveMs"] = b.ProveMilliseconds,
            ["newAccountRoot"] = b.NewAccountRoot,
            ["submissions"] = b.Submissions,
            ["lastRejection"] = b.LastRejection,
            ["l1Height"] = b.L1Height,
            ["l1VerifyUs"] = b.L1VerifyMilliseconds is { } ms ? (ulong)Math.Round(ms * 1_000) : null,
            ["l1Gas"] = b.L1Gas,
        };
    }

    /// <summary>An RPO digest as its 32 bytes in hex (four little-endian u64), as the zkl1_* methods show roots.</summary>
    public static string Digest(Lamina.Stark.Hashing.RpoDigest digest) => Hex.Encode(digest.ToBytes());

    private static JsonObject Pending(ZkOperatorCore core, int max)
    {
        var ops = new JsonArray();
        foreach (ZkPendingOp op in core.Pending(max))
        {
            string kind = op.Tx.Kind.ToString();
            ops.Add(new JsonObject
            {
                ["sequence"] = op.Sequence,
                ["hash"] = op.Hash.ToString(),
                ["kind"] = char.ToLowerInvariant(kind[0]) + kind[1..],
                ["tx"] = Hex.Encode(op.Tx.Encode()),
            });
        }
        return new JsonObject { ["count"] = core.PendingHead().Unbatched, ["operations"] = ops };
    }
}
