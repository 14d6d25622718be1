using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;
using Lamina.Node.Rpc;

namespace Lamina.Node.Optimistic;

/// <summary>
/// The l2_* methods of the optimistic rollup, served by the sequencer and verifier roles over <see cref="IL2Chain"/>.
/// l2_sendTransaction takes the hex of a sequenced <see cref="L2Transaction"/> encoding (02 ‖ kind ‖ sender ‖
/// recipient ‖ amount ‖ fee ‖ nonce ‖ signature) and only a sequencer accepts it; a verifier answers InvalidRequest.
/// Until the role has caught up with L1 once, every method answers NotFound with <c>data.reason = "starting"</c>.
/// </summary>
public sealed class L2RpcMethods(Func<IL2Chain?> chain) : IRpcMethodSet
{
    public string Namespace => "l2";

    IReadOnlyList<string> IRpcMethodSet.Names => Names;

    public static readonly string[] Names = ["l2_sendTransaction", "l2_getAccount", "l2_head", "l2_getTransaction", "l2_getWithdrawalProof", "l2_getBlock"];

    /// <summary>l2_sendTransaction awaits its soft confirmation without holding a thread; the other methods answer at once.</summary>
    public async ValueTask<JsonNode?> InvokeAsync(string method, RpcParams p, CancellationToken cancellationToken)
        => method == "l2_sendTransaction" ? await SendAsync(Chain(), p) : Invoke(method, p);

    private IL2Chain Chain() => chain() ?? throw new RpcException(RpcErrorCodes.NotFound, "the rollup role is still starting (reading its registration and L1)", new JsonObject { ["reason"] = "starting" });

    public JsonNode? Invoke(string method, RpcParams p)
    {
        var l2 = Chain();
        return method switch
        {
            "l2_sendTransaction" => SendAsync(l2, p).GetAwaiter().GetResult(),
            "l2_getAccount" => Account(l2, p.RequireAddress(0, "address")),
            "l2_head" => Head(l2),
            "l2_getTransaction" => Transaction(l2, p.RequireHash(0, "hash")),
            "l2_getWithdrawalProof" => WithdrawalProof(l2, p),
            "l2_getBlock" => Block(l2, p.OptionalULong(0, "number") ?? throw RpcParams.Invalid("parameter 'number' is required")),
            _ => throw new RpcException(RpcErrorCodes.MethodNotFound, $"method '{method}' does not exist; available: {string.Join(", ", Names)}"),
        };
    }

    // Not cancelled when the caller goes away: once queued, the transaction is admitted or refused either way.
    private static async Task<JsonObject> SendAsync(IL2Chain l2, RpcParams p)
    {
        if (l2 is not SequencerAgent sequencer) throw new RpcException(RpcErrorCodes.InvalidRequest, "this node is a verifier; send l2 transactions to the sequencer");
        L2Transaction tx;
        try
        {
            tx = L2Transaction.Decode(Hex.Decode(p.RequireString(0, "tx")));
        }
        catch (Exception e) when (e is CodecException or FormatException)
        {
            throw new RpcException(RpcErrorCodes.InvalidTransaction, $"not an l2 transaction: {e.Message}", new JsonObject { ["reason"] = "malformed" });
        }
        if (tx.Kind != L2TxKind.Sequenced) throw new RpcException(RpcErrorCodes.InvalidTransaction, "only user transactions (kind 2) are sent here; deposits and forced transactions go through L1", new JsonObject { ["reason"] = "wrongKind" });
        try
        {
            var hash = await sequencer.SubmitAsync(tx.Item);
            return new JsonObject { ["hash"] = hash.ToString(), ["status"] = "accepted", ["unsafeHead"] = sequencer.Heads.Unsafe.Number };
        }
        catch (InvalidOptimisticTransactionException e)
        {
            throw new RpcException(RpcErrorCodes.TransactionRejected, e.Message, new JsonObject { ["reason"] = char.ToLowerInvariant(e.Error.ToString()[0]) + e.Error.ToString()[1..] });
        }
        catch (SequencerRejectedException e)
        {
            throw new RpcException(RpcErrorCodes.TransactionRejected, e.Message, new JsonObject { ["reason"] = "refused" });
        }
    }

    private static JsonObject Account(IL2Chain l2, Address address)
    {
        var account = l2.GetAccount(address);
        return new JsonObject { ["address"] = address.ToString(), ["balance"] = account.Balance, ["nonce"] = account.Nonce, ["head"] = l2.Heads.Unsafe.Number };
    }

    public static JsonObject HeaderJson(L2BlockHeader h) => new()
    {
        ["number"] = h.Number,
        ["hash"] = h.Hash.ToString(),
        ["parentHash"] = h.ParentHash.ToString(),
        ["l1Origin"] = h.L1Origin,
        ["timestampMs"] = h.TimestampMs,
        ["txCount"] = h.TxCount,
        ["stateRoot"] = h.StateRoot.ToString(),
        ["outputRoot"] = h.Output.Root.ToString(),
    };

    private static JsonObject Head(IL2Chain l2)
    {
        var heads = l2.Heads;
        var mismatches = new JsonArray();
        foreach (var m in heads.Mismatches)
            mismatches.Add(new JsonObject { ["l2BlockNumber"] = m.L2BlockNumber, ["posted"] = m.Posted.ToString(), ["derived"] = m.Derived.ToString() });
        return new JsonObject
        {
            ["unsafe"] = HeaderJson(heads.Unsafe),
            ["safe"] = HeaderJson(heads.Safe),
            ["finalized"] = HeaderJson(heads.Finalized),
            ["l1Height"] = heads.L1Height,
            ["forcedInclusionWindow"] = heads.ForcedInclusionWindow,
            ["mismatches"] = mismatches,
            ["role"] = l2.Role,
            ["waitingForData"] = l2.WaitingForData,
            ["lastError"] = l2.LastError,
        };
    }

    private static JsonObject Transaction(IL2Chain l2, Hash256 hash)
    {
        var found = l2.GetTransaction(hash) ?? throw new RpcException(RpcErrorCodes.NotFound, $"no l2 transaction {hash}");
        var status = found.BlockNumber is null ? "pending" : found.Safe ? "safe" : "unsafe";
        return new JsonObject
        {
            ["hash"] = hash.ToString(),
            ["kind"] = found.Transaction.Kind.ToString().ToLowerInvariant(),
            ["status"] = status,
            ["blockNumber"] = found.BlockNumber,
            ["index"] = found.Index,
            ["tx"] = Hex.Encode(found.Transaction.Encode()),
        };
    }

    private static JsonObject WithdrawalProof(IL2Chain l2, RpcParams p)
    {
        var sender = p.RequireAddress(0, "sender");
        var nonce = p.OptionalULong(1, "nonce") ?? throw RpcParams.Invalid("parameter 'nonce' is required");
        var proof = l2.GetWithdrawalProof(sender, nonce)
            ?? throw new RpcException(RpcErrorCodes.NotFound, $"withdrawal ({sender}, {nonce}) is not in the finalized l2 state yet", new JsonObject { ["reason"] = "notFinalized" });
        return new JsonObject
        {
            ["withdrawalId"] = OptimisticWithdrawalReceipt.KeyOf(sender, nonce).ToString(),
            ["l2BlockNumber"] = proof.Output.L2BlockNumber,
            ["outputRoot"] = proof.Output.Root.ToString(),
            ["proof"] = Hex.Encode(proof.Encode()),
        };
    }

    private static JsonObject Block(IL2Chain l2, ulong number)
    {
        var block = l2.GetBlock(number) ?? throw new RpcException(RpcErrorCodes.NotFound, $"no l2 block {number}");
        var body = HeaderJson(block.Header);
        var txs = new JsonArray();
        foreach (var tx in block.Transactions) txs.Add(new JsonObject { ["hash"] = tx.Hash.ToString(), ["kind"] = tx.Kind.ToString().ToLowerInvariant() });
        body["transactions"] = txs;
        return body;
    }
}
