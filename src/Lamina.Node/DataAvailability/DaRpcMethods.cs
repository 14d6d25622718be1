using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Custody;
using Lamina.L1.Blobs;
using Lamina.L1.Chain;
using Lamina.Node.DataAvailability.Columns;
using Lamina.Node.Rpc;
using Lamina.Node.Sidecars;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// The da_* JSON-RPC methods of a DA node. Shares come only from the columns this node custodies, each with a
/// <see cref="ColumnShareProof"/> against the block's data root (a column outside custody is rebuilt when half the
/// columns are held, <see cref="DaReconstruction"/>); a height outside the retention window answers NotFound with
/// <c>data.reason = "pruned"</c>, a column it can neither hold nor rebuild with <c>"notCustodied"</c> and the columns
/// this node does hold. Every DA node answers da_getNamespaceData and da_blobFee: beside a full node or validator from
/// the block's sidecars and the chain's state; alone (following only headers) from the square rebuilt from its columns
/// and its peers', and from the fee record proven against the latest verified header (<see cref="StandaloneDaQueries"/>).
/// </summary>
public sealed class DaRpcMethods : IRpcMethodSet
{
    private readonly Blockchain? _chain;
    private readonly IDaChainView _view;
    private readonly DaStore _store;
    private readonly DaCustody _custody;
    private readonly BlobSidecarCache? _sidecars;
    private readonly DaReconstruction _reconstruction;
    private readonly StandaloneDaQueries? _standalone;

    /// <summary>A DA node beside the chain (roles full or validator, and da).</summary>
    public DaRpcMethods(Blockchain chain, DaStore store, DaCustody custody, BlobSidecarCache sidecars)
        : this(new BlockchainDaView(chain), store, custody, new DaReconstruction(store))
    {
        _chain = chain;
        _sidecars = sidecars;
        Names = AllNames;
    }

    /// <summary>
    /// A DA node that fetches its columns from the network and follows only headers; with <paramref name="standalone"/>
    /// it also answers da_getNamespaceData and da_blobFee.
    /// </summary>
    public DaRpcMethods(IDaChainView view, DaStore store, DaCustody custody, DaReconstruction reconstruction, StandaloneDaQueries? standalone = null)
    {
        _view = view;
        _store = store;
        _custody = custody;
        _reconstruction = reconstruction;
        _standalone = standalone;
        Names = standalone is null ? ColumnNames : AllNames;
    }

    public const int MaxSamplesPerCall = 64;

    public string Namespace => "da";

    public IReadOnlyList<string> Names { get; }

    /// <summary>What every DA node answers.</summary>
    public static readonly string[] ColumnNames = ["da_custody", "da_square", "da_getShare", "da_sample"];

    /// <summary>What a DA node beside the chain, or one alone with its <see cref="StandaloneDaQueries"/>, answers.</summary>
    public static readonly string[] AllNames = [.. ColumnNames, "da_getNamespaceData", "da_blobFee"];

    public JsonNode? Invoke(string method, RpcParams p) => method switch
    {
        "da_custody" => Custody(p),
        "da_square" => Square(p),
        "da_getShare" => GetShare(p),
        "da_getNamespaceData" when _chain is not null => GetNamespaceData(p),
        "da_sample" => Sample(p),
        "da_blobFee" when _chain is not null => BlobFee(),
        _ => throw new RpcException(RpcErrorCodes.MethodNotFound, $"method '{method}' does not exist; available: {string.Join(", ", Names)}"),
    };

    /// <summary>Alone, the two chain-level methods wait on peers (columns) or the L1 node (the proven fee record).</summary>
    public ValueTask<JsonNode?> InvokeAsync(string method, RpcParams parameters, CancellationToken cancellationToken)
    {
        if (_standalone is null) return ValueTask.FromResult(Invoke(method, parameters));
        return method switch
        {
            "da_getNamespaceData" => NamespaceDataAloneAsync(_standalone, parameters, cancellationToken),
            "da_blobFee" => BlobFeeAloneAsync(_standalone, cancellationToken),
            _ => ValueTask.FromResult(Invoke(method, parameters)),
        };
    }

    private async ValueTask<JsonNode?> NamespaceDataAloneAsync(StandaloneDaQueries standalone, RpcParams p, CancellationToken cancellation)
    {
        var (height, ns) = NamespaceParams(p);
        return await standalone.NamespaceDataAsync(RequireSquare(height), ns, cancellation);
    }

    private static async ValueTask<JsonNode?> BlobFeeAloneAsync(StandaloneDaQueries standalone, CancellationToken cancellation) => await standalone.BlobFeeAsync(cancellation);

    /// <summary>A node's custody groups and, for a square <c>width</c> wide (default 128), its columns: this node's, or any node id's (with <c>groupCount</c>, default this node's).</summary>
    private JsonObject Custody(RpcParams p)
    {
        var width = (int)(p.OptionalULong(1, "width") ?? CustodyGroups.GroupCount);
        if (width < 2 || width > 1024 || (width & (width - 1)) != 0) throw RpcParams.Invalid("parameter 'width' must be a power of two from 2 to 1024");
        var nodeId = p.Get(0, "nodeId") is null ? _custody.NodeId : p.RequireAddress(0, "nodeId");
        // Another node's group count is its own config; this node's is the default guess.
        var count = p.OptionalULong(2, "groupCount") ?? (ulong)_custody.Groups.Count;
        if (count is 0 or > CustodyGroups.GroupCount) throw RpcParams.Invalid($"parameter 'groupCount' must be 1 to {CustodyGroups.GroupCount}");
        var groups = nodeId == _custody.NodeId && p.Get(2, "groupCount") is null ? _custody.Groups : CustodyGroups.Of(nodeId.ToArray(), (int)count);
        return new JsonObject
        {
            ["nodeId"] = nodeId.ToString(),
            ["groups"] = Ints(groups),
            ["width"] = width,
            ["columns"] = Ints(CustodyGroups.Columns(groups, width)),
            ["groupCount"] = CustodyGroups.GroupCount,
        };
    }

    private JsonObject Square(RpcParams p)
    {
        var record = RequireSquare(p.OptionalULong(0, "height") ?? throw RpcParams.Invalid("parameter 'height' is required"));
        var header = record.Header;
        var rows = new JsonArray();
        var columns = new JsonArray();
        foreach (var root in header.RowRoots) rows.Add(Hex.Encode(root.ToArray()));
        foreach (var root in header.ColumnRoots) columns.Add(Hex.Encode(root.ToArray()));
        return new JsonObject
        {
            ["height"] = record.Height,
            ["blockHash"] = record.BlockHash.ToString(),
            ["dataRoot"] = header.DataRoot.ToString(),
            ["k"] = header.OriginalWidth,
            ["width"] = header.Width,
            ["heldColumns"] = Ints(_store.HeldColumns(record.Height)),
            ["rowRoots"] = rows,
            ["columnRoots"] = columns,
        };
    }

    private JsonObject GetShare(RpcParams p)
    {
        var height = p.OptionalULong(0, "height") ?? throw RpcParams.Invalid("parameter 'height' is required");
        var row = Index(p, 1, "row");
        var column = Index(p, 2, "column");
        return ShareView(RequireSquare(height), row, column);
    }

    private static (ulong Height, Lamina.DataAvailability.Shares.Namespace Namespace) NamespaceParams(RpcParams p)
    {
        var height = p.OptionalULong(0, "height") ?? throw RpcParams.Invalid("parameter 'height' is required");
        var text = p.RequireString(1, "namespace");
        try
        {
            return (height, new Lamina.DataAvailability.Shares.Namespace(Hex.DecodeFixed(text, Lamina.DataAvailability.Shares.Namespace.Size, "namespace")));
        }
        catch (FormatException e)
        {
            throw RpcParams.Invalid($"parameter 'namespace' must be 29 bytes of hex (version ‖ 28-byte id): {e.Message}");
        }
    }

    private JsonObject GetNamespaceData(RpcParams p)
    {
        var (height, ns) = NamespaceParams(p);
        var record = RequireSquare(height);
        var chain = _chain!;
        var block = chain.Store.GetBlock(height) ?? throw new RpcException(RpcErrorCodes.NotFound, $"block {height} is not stored here");
        // Blocks hold commitments; the bytes are the committed block's sidecars.
        if (_sidecars!.Hydrate(block) != 0) throw new RpcException(RpcErrorCodes.NotFound, $"the blob sidecars of block {height} are not held here", new JsonObject { ["reason"] = "notYetStored" });
        return DaNamespaceQuery.Answer(block, record.Header, ns);
    }

    /// <summary>Several positions of one height at once: each answer is a share with its proof, or an error object.</summary>
    private JsonArray Sample(RpcParams p)
    {
        var height = p.OptionalULong(0, "height") ?? throw RpcParams.Invalid("parameter 'height' is required");
        if (p.Get(1, "positions") is not JsonArray positions || positions.Count is 0 or > MaxSamplesPerCall)
        {
            throw RpcParams.Invalid($"parameter 'positions' must be a list of 1 to {MaxSamplesPerCall} [row, column] pairs");
        }
        var record = RequireSquare(height);
        var answers = new JsonArray();
        foreach (var position in positions)
        {
            if (position is not JsonArray { Count: 2 } pair || !TryIndex(pair[0], out var row) || !TryIndex(pair[1], out var column)) throw RpcParams.Invalid("each position must be [row, column] with non-negative integers");
            try
            {
                answers.Add(ShareView(record, row, column));
            }
            catch (RpcException e)
            {
                answers.Add(new JsonObject { ["row"] = row, ["column"] = column, ["error"] = e.Message, ["reason"] = (e.ErrorData as JsonObject)?["reason"]?.DeepClone() });
            }
        }
        return answers;
    }

    private JsonObject BlobFee()
    {
        var chain = _chain!;
        var module = chain.Modules.Find<BlobModule>() ?? throw new RpcException(RpcErrorCodes.NotFound, $"chain {chain.ChainId} does not carry blobs");
        var view = module.ViewFeeMarket(chain.StateAt());
        view["height"] = chain.Height;
        view["minBaseFeePerBlobGas"] = module.Parameters.MinBaseFeePerBlobGas.ToString(CultureInfo.InvariantCulture);
        view["retentionBlocks"] = module.Parameters.RetentionBlocks.ToString(CultureInfo.InvariantCulture);
        return view;
    }

    private JsonObject ShareView(DaSquareRecord record, int row, int column)
    {
        var header = record.Header;
        if (row >= header.Width || column >= header.Width) throw RpcParams.Invalid($"({row}, {column}) is outside the {header.Width}-wide square of height {record.Height}");
        var held = _store.GetColumn(record.Height, column);
        // Outside custody, a node holding half the columns rebuilds the square (checked against every root) and serves it.
        var shares = held ?? _reconstruction.Column(record, column) ?? throw new RpcException(RpcErrorCodes.NotFound,
            $"this node does not custody column {column} of height {record.Height}, and holds too few columns to rebuild it",
            new JsonObject { ["reason"] = "notCustodied", ["heldColumns"] = Ints(_store.HeldColumns(record.Height)) });
        var tree = ColumnShareProof.ColumnTree(header.OriginalWidth, column, shares);
        var proof = ColumnShareProof.Create(tree, header, row, column);
        return new JsonObject
        {
            ["height"] = record.Height,
            ["row"] = row,
            ["column"] = column,
            ["share"] = Hex.Encode(shares.AsSpan(row * Lamina.DataAvailability.Shares.Share.Size, Lamina.DataAvailability.Shares.Share.Size)),
            ["proof"] = Hex.Encode(Canonical.Encode(proof)),
            ["dataRoot"] = header.DataRoot.ToString(),
            ["reconstructed"] = held is null,
        };
    }

    private DaSquareRecord RequireSquare(ulong height)
    {
        var head = _view.Head;
        if (height > head) throw new RpcException(RpcErrorCodes.NotFound, $"height {height} is above the head ({head})", new JsonObject { ["reason"] = "future" });
        if (height < _store.PrunedBelow) throw new RpcException(RpcErrorCodes.NotFound, $"the shares of height {height} were pruned (kept: heights {_store.PrunedBelow} and up)", new JsonObject { ["reason"] = "pruned", ["prunedBelow"] = _store.PrunedBelow });
        if (_store.GetSquare(height) is { } record) return record;
        var reason = _view.IsBlobFree(height) ? "noBlobs" : "notYetStored";
        var message = reason == "noBlobs" ? $"block {height} carries no blobs" : $"the square of height {height} is not stored here yet";
        throw new RpcException(RpcErrorCodes.NotFound, message, new JsonObject { ["reason"] = reason });
    }

    private static int Index(RpcParams p, int index, string name)
    {
        var value = p.OptionalULong(index, name) ?? throw RpcParams.Invalid($"parameter '{name}' is required");
        return value > 1023 ? throw RpcParams.Invalid($"parameter '{name}' must be below 1024") : (int)value;
    }

    private static bool TryIndex(JsonNode? node, out int value)
    {
        value = 0;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number || !v.TryGetValue<int>(out var n) || n is < 0 or > 1023) return false;
        value = n;
        return true;
    }

    private static JsonArray Ints(IEnumerable<int> values)
    {
        var array = new JsonArray();
        foreach (var v in values) array.Add(v);
        return array;
    }
}
