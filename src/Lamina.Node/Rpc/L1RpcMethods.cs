using Lamina.Client;
using System.Text.Json.Nodes;
using Lamina.Core.Codec;
using Lamina.Core;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.L1.Staking;
using Lamina.L1.State;
using Lamina.L1.Blobs;
using Lamina.L1.Transactions;

namespace Lamina.Node.Rpc;

/// <summary>The l1_* JSON-RPC methods. Every failure is an <see cref="RpcException"/> with a code and a message.</summary>
public sealed class L1RpcMethods(Blockchain chain) : IRpcMethodSet
{
    public string Namespace => "l1";

    IReadOnlyList<string> IRpcMethodSet.Names => Names;

    public static readonly string[] Names =
    [
        "l1_chainId", "l1_head", "l1_getBlock", "l1_getAccount", "l1_getAccountProof", "l1_sendTransaction",
        "l1_getTransaction", "l1_getCommit", "l1_lightBlock", "l1_validators", "l1_getValidator", "l1_allValidators", "l1_feeInfo",
        "l1_mempool", "l1_getRecords", "l1_getStateProof",
    ];

    public JsonNode? Invoke(string method, RpcParams p) => method switch
    {
        "l1_chainId" => chain.ChainId,
        "l1_head" => Head(),
        "l1_getBlock" => GetBlock(p),
        "l1_getAccount" => GetAccount(p),
        "l1_getAccountProof" => GetAccountProof(p),
        "l1_sendTransaction" => SendTransaction(p),
        "l1_getTransaction" => GetTransaction(p),
        "l1_getCommit" => GetCommit(p),
        "l1_lightBlock" => LightBlock(p),
        "l1_validators" => Validators(p),
        "l1_getValidator" => GetValidator(p),
        "l1_allValidators" => AllValidators(p),
        "l1_feeInfo" => new JsonObject { ["baseFeePerGas"] = chain.NextBaseFee, ["minTipPerGas"] = chain.Genesis.Parameters.MinTipPerGas, ["transferGas"] = TransferPayload.Gas },
        "l1_getRecords" => GetRecords(p),
        "l1_getStateProof" => GetStateProof(p),
        "l1_mempool" => new JsonObject { ["count"] = chain.Mempool.Count, ["bytes"] = chain.Mempool.Bytes },
        _ => throw new RpcException(RpcErrorCodes.MethodNotFound, $"method '{method}' does not exist; available: {string.Join(", ", Names)}"),
    };

    private JsonObject Head()
    {
        var head = chain.Head;
        return new JsonObject { ["height"] = head.Height, ["hash"] = head.Hash.ToString(), ["finalizedHeight"] = chain.FinalizedHeight, ["time"] = head.Header.TimeMs };
    }

    private JsonNode GetBlock(RpcParams p)
    {
        var id = p.Get(0, "block") ?? throw RpcParams.Invalid("parameter 'block' (a height or a block hash) is required");
        var full = p.OptionalBool(1, "full") ?? false;
        Block? block;
        // A hash is 0x-prefixed or exactly 64 hex digits; anything else is read as a height (a number or a decimal string).
        if (id.GetValueKind() == System.Text.Json.JsonValueKind.String && id.GetValue<string>().Trim() is var text
            && (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.Length == 2 * Lamina.Core.Hash256.Size))
        {
            block = chain.Store.GetBlock(p.RequireHash(0, "block"));
        }
        else
        {
            block = chain.Store.GetBlock(p.OptionalULong(0, "block")!.Value);
        }
        return block is null ? throw new RpcException(RpcErrorCodes.NotFound, "no such block") : JsonViews.Block(block, full);
    }

    private ulong ResolveHeight(RpcParams p, int index)
    {
        var height = p.OptionalULong(index, "height") ?? chain.Height;
        if (height > chain.Height) throw new RpcException(RpcErrorCodes.NotFound, $"height {height} is above the head ({chain.Height})");
        return height;
    }

    private JsonObject GetAccount(RpcParams p)
    {
        var address = p.RequireAddress(0, "address");
        var height = ResolveHeight(p, 1);
        var account = chain.GetAccount(address, height);
        return new JsonObject
        {
            ["address"] = address.ToString(),
            ["height"] = height,
            ["balance"] = JsonViews.Amount(account.Balance),
            ["nonce"] = account.Nonce,
            ["pendingNonce"] = chain.Mempool.PendingNonce(address, chain.GetAccount(address).Nonce),
        };
    }

    /// <summary>
    /// Every module's records about an address, keyed by module name (only modules that keep some). New layers' modules
    /// show here through their own <c>ViewRecords</c>, with no change to this file.
    /// </summary>
    private JsonObject GetRecords(RpcParams p)
    {
        var address = p.RequireAddress(0, "address");
        var height = ResolveHeight(p, 1);
        var state = chain.StateAt(height);
        var modules = new JsonObject();
        foreach (var module in chain.Modules.Modules)
        {
            if (module.ViewRecords(state, address) is { } view) modules[module.Name] = view;
        }
        return new JsonObject { ["address"] = address.ToString(), ["height"] = height, ["modules"] = modules };
    }

    /// <summary>
    /// Any state-tree key (a module's record, e.g. the blob fee market's) after a block, with its proof against that
    /// block's state root: what a node that follows only headers (a standalone DA node) checks before using it.
    /// </summary>
    private JsonObject GetStateProof(RpcParams p)
    {
        var key = p.RequireHash(0, "key");
        var height = ResolveHeight(p, 1);
        var block = chain.Store.GetBlock(height) ?? throw new RpcException(RpcErrorCodes.NotFound, $"no block at height {height}");
        var state = chain.StateAt(height);
        var value = state.GetCommitted(key);
        return new JsonObject
        {
            ["key"] = key.ToString(),
            ["height"] = height,
            ["blockHash"] = block.Hash.ToString(),
            ["stateRoot"] = block.Header.StateRoot.ToString(),
            ["present"] = value is not null,
            ["value"] = value is null ? null : Hex.Encode(value),
            ["proof"] = Hex.Encode(Canonical.Encode(state.Prove(key))),
        };
    }

    private JsonObject GetAccountProof(RpcParams p)
    {
        var address = p.RequireAddress(0, "address");
        var height = ResolveHeight(p, 1);
        var block = chain.Store.GetBlock(height) ?? throw new RpcException(RpcErrorCodes.NotFound, $"no block at height {height}");
        var state = chain.StateAt(height);
        var account = state.GetAccount(address);
        var proof = state.ProveAccount(address);
        return new JsonObject
        {
            ["address"] = address.ToString(),
            ["height"] = height,
            ["blockHash"] = block.Hash.ToString(),
            ["stateRoot"] = block.Header.StateRoot.ToString(),
            ["key"] = StateKeys.Account(address).ToString(),
            ["present"] = !account.IsEmpty,
            ["balance"] = JsonViews.Amount(account.Balance),
            ["nonce"] = account.Nonce,
            ["value"] = account.IsEmpty ? null : Hex.Encode(Canonical.Encode(account)),
            ["proof"] = Hex.Encode(Canonical.Encode(proof)),
        };
    }

    private JsonNode SendTransaction(RpcParams p)
    {
        var text = p.RequireString(0, "transaction");
        byte[] bytes;
        try
        {
            bytes = Hex.Decode(text);
        }
        catch (FormatException e)
        {
            throw RpcParams.Invalid($"transaction must be hex: {e.Message}");
        }
        Transaction tx;
        try
        {
            tx = TransactionNetworkForm.Decode(bytes);
        }
        catch (CodecException e)
        {
            throw new RpcException(RpcErrorCodes.InvalidTransaction, $"transaction does not decode: {e.Message}",
                new JsonObject { ["reason"] = "malformed", ["codecError"] = e.Error.ToString() });
        }
        catch (InvalidSidecarException e)
        {
            throw new RpcException(RpcErrorCodes.InvalidTransaction, $"blob sidecar: {e.Message}",
                new JsonObject { ["reason"] = "badSidecar", ["sidecarError"] = e.Error.ToString() });
        }
        try
        {
            return chain.SubmitTransaction(tx).ToString();
        }
        catch (TransactionRejectedException e)
        {
            var data = new JsonObject { ["reason"] = e.Reason.ToString() };
            if (e.Detail is { } detail) data["detail"] = detail;
            throw new RpcException(RpcErrorCodes.TransactionRejected, e.Message, data);
        }
    }

    private JsonNode? GetTransaction(RpcParams p)
    {
        var hash = p.RequireHash(0, "hash");
        var location = chain.Store.GetTxLocation(hash);
        if (location is null)
        {
            if (chain.Mempool.Contains(hash)) return new JsonObject { ["hash"] = hash.ToString(), ["status"] = "pending" };
            // A block may have committed it between the two reads: look once more before answering "unknown".
            location = chain.Store.GetTxLocation(hash);
            if (location is null) return null;
        }
        var block = chain.Store.GetBlock(location.Value.BlockHash) ?? throw new RpcException(RpcErrorCodes.InternalError, "indexed block is missing");
        var json = JsonViews.Transaction(block.Transactions[(int)location.Value.Index]);
        json["status"] = "included";
        json["blockHeight"] = location.Value.Height;
        json["blockHash"] = location.Value.BlockHash.ToString();
        json["index"] = location.Value.Index;
        json["finalized"] = location.Value.Height <= chain.FinalizedHeight;
        var receipt = chain.Store.GetReceipt(hash);
        json["receipt"] = receipt is null ? null : JsonViews.Receipt(receipt);
        return json;
    }

    private JsonObject LightBlock(RpcParams p)
    {
        var height = p.OptionalULong(0, "height") ?? chain.Height;
        var block = chain.GetLightBlock(height) ?? throw new RpcException(RpcErrorCodes.NotFound, $"no light block at height {height} (committed heights are 1..{chain.Height})");
        return new JsonObject { ["height"] = height, ["hash"] = block.Header.Hash.ToString(), ["encoded"] = Hex.Encode(Canonical.Encode(block)) };
    }

    private JsonNode GetCommit(RpcParams p)
    {
        var height = p.OptionalULong(0, "height") ?? chain.Height;
        var commit = chain.Store.GetCommit(height) ?? throw new RpcException(RpcErrorCodes.NotFound, $"no commit for height {height}");
        return JsonViews.Commit(commit);
    }

    private JsonObject Validators(RpcParams p)
    {
        // Without a height: the set that signs the next block.
        var height = p.OptionalULong(0, "height") ?? chain.Height + 1;
        if (height > chain.Height + 1) throw new RpcException(RpcErrorCodes.NotFound, $"the validator set is known up to height {chain.Height + 1}");
        var set = chain.ValidatorSetFor(height);
        var list = new JsonArray();
        foreach (var v in set.Validators)
        {
            list.Add(new JsonObject { ["address"] = v.Address.ToString(), ["publicKey"] = v.PublicKey.ToString(), ["power"] = v.Power });
        }
        return new JsonObject { ["height"] = height, ["hash"] = set.Hash.ToString(), ["totalPower"] = set.TotalPower, ["validators"] = list };
    }

    /// <summary>
    /// Every operator that has bonded stake, active or not. l1_validators lists only the active set, and a jailed
    /// validator leaves that set at once, so this is the only view in which jailed and below-minimum operators show.
    /// </summary>
    private JsonObject AllValidators(RpcParams p)
    {
        var height = ResolveHeight(p, 0);
        var state = chain.StateAt(height);
        var next = chain.ValidatorSetFor(height + 1);
        var list = new JsonArray();
        foreach (var address in state.GetRecord<ValidatorRegistry>(StateKeys.ValidatorRegistry)?.Operators ?? [])
        {
            if (StakingModule.GetValidator(state, address) is not { } record) continue;
            var member = next.Find(address);
            list.Add(new JsonObject
            {
                ["address"] = address.ToString(),
                ["stake"] = JsonViews.Amount(record.Stake),
                ["power"] = member?.Power ?? 0,
                ["active"] = member is not null,
                ["jailed"] = record.Jailed,
                ["jailedUntil"] = record.JailedUntil,
                ["timesSlashed"] = record.TimesSlashed,
            });
        }
        return new JsonObject { ["height"] = height, ["totalPower"] = next.TotalPower, ["validators"] = list };
    }

    private JsonNode? GetValidator(RpcParams p)
    {
        var address = p.RequireAddress(0, "address");
        var height = ResolveHeight(p, 1);
        var state = chain.StateAt(height);
        if (StakingModule.GetValidator(state, address) is not { } record) return null;
        var unbonding = new JsonArray();
        foreach (var e in state.GetRecord<UnbondingQueue>(StateKeys.Unbonding(address))?.Entries ?? [])
        {
            unbonding.Add(new JsonObject { ["amount"] = JsonViews.Amount(e.Amount), ["releaseHeight"] = e.ReleaseHeight });
        }
        return new JsonObject
        {
            ["address"] = address.ToString(),
            ["height"] = height,
            ["consensusKey"] = record.ConsensusKey.ToString(),
            ["stake"] = JsonViews.Amount(record.Stake),
            ["jailed"] = record.Jailed,
            ["jailedUntil"] = record.JailedUntil,
            ["timesSlashed"] = record.TimesSlashed,
            ["active"] = chain.ValidatorSetFor(height + 1).Find(address) is not null,
            ["unbonding"] = unbonding,
        };
    }
}
