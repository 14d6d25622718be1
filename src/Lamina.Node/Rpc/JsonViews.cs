using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Consensus;
using Lamina.L1.Blocks;
using Lamina.L1.Execution;
using Lamina.L1.Modules;
using Lamina.L1.Transactions;

namespace Lamina.Node.Rpc;

/// <summary>JSON shapes of chain objects. 128-bit amounts are decimal strings; JSON numbers lose precision above 2^53.</summary>
public static class JsonViews
{
    public static string Amount(UInt128 value) => value.ToString(CultureInfo.InvariantCulture);

    public static JsonObject Header(BlockHeader h) => new()
    {
        ["height"] = h.Height,
        ["hash"] = h.Hash.ToString(),
        ["previousHash"] = h.PreviousHash.ToString(),
        ["time"] = h.TimeMs,
        ["proposer"] = h.Proposer.ToString(),
        ["stateRoot"] = h.StateRoot.ToString(),
        ["txRoot"] = h.TxRoot.ToString(),
        ["dataRoot"] = h.DataRoot.ToString(),
        ["validatorSetHash"] = h.ValidatorSetHash.ToString(),
        ["nextValidatorSetHash"] = h.NextValidatorSetHash.ToString(),
        ["lastCommitHash"] = h.LastCommitHash.ToString(),
        ["baseFeePerGas"] = h.BaseFeePerGas,
        ["gasUsed"] = h.GasUsed,
    };

    public static JsonObject Block(Block block, bool fullTransactions)
    {
        var json = Header(block.Header);
        var txs = new JsonArray();
        foreach (var tx in block.Transactions) txs.Add(fullTransactions ? Transaction(tx) : JsonValue.Create(tx.Hash.ToString()));
        json["transactions"] = txs;
        json["lastCommit"] = block.LastCommit is null ? null : Commit(block.LastCommit);
        return json;
    }

    public static JsonObject Commit(Commit c)
    {
        var sigs = new JsonArray();
        foreach (var s in c.Signatures) sigs.Add(new JsonObject { ["validator"] = s.Validator.ToString(), ["signature"] = s.Signature.ToString() });
        return new JsonObject { ["height"] = c.Height, ["round"] = c.Round, ["blockHash"] = c.BlockHash.ToString(), ["signatures"] = sigs };
    }

    /// <summary>The common fields, then the payload's own, as the module that owns the kind renders them.</summary>
    public static JsonObject Transaction(Transaction tx)
    {
        var format = TxFormats.Of(tx.Payload);
        var json = new JsonObject
        {
            ["hash"] = tx.Hash.ToString(),
            ["kind"] = format.Name,
            ["chainId"] = tx.ChainId,
            ["from"] = tx.From.ToString(),
            ["nonce"] = tx.Nonce,
            ["maxFeePerGas"] = tx.MaxFeePerGas,
            ["maxPriorityFeePerGas"] = tx.MaxPriorityFeePerGas,
            ["gasLimit"] = tx.GasLimit,
            ["size"] = tx.Size,
        };
        format.WriteJson(tx.Payload, json);
        return json;
    }

    public static JsonObject Receipt(Receipt r) => new()
    {
        ["status"] = "success",
        ["gasUsed"] = r.GasUsed,
        ["effectiveGasPrice"] = r.EffectiveGasPrice,
        ["burned"] = Amount(r.Burned),
        ["tip"] = Amount(r.Tip),
    };
}
