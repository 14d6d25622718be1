using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Client.Views;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;

namespace Lamina.Node.DataAvailability.Columns;

/// <summary>
/// da_getNamespaceData and da_blobFee on a DA node that follows only headers (roles ["da"]), so that rollup nodes can
/// read their batches from DA nodes instead of an L1 node:
/// <list type="bullet">
/// <item>namespace data: the square is rebuilt from the custody columns held here plus, when they are fewer than k,
/// further columns fetched from peers (each checked against its root; kept in memory, not stored), then checked
/// against every root; rows, proofs and blobs come from it (<see cref="DaNamespaceQuery"/>), so the answer carries the
/// same completeness proofs an L1 node's does. The last few squares are kept: a rollup node asks one height several times.</item>
/// <item>the blob fee: the blob module's fee record after the latest header this node's light client verified, read
/// from <c>daL1Rpc</c> with its sparse-Merkle proof (l1_getStateProof) and used only once the proof reaches that
/// header's state root; the view is then computed here (<see cref="BlobModule.ViewFeeMarket(BlobFeeState, BlobParameters)"/>).</item>
/// </list>
/// </summary>
public sealed class StandaloneDaQueries(DaColumnFetcher fetcher, DaFollowService follow, LaminaRpcClient l1, BlobParameters parameters) : IDisposable
{
    private const int KeptSquares = 4;
    private readonly Lock _gate = new();
    private readonly List<(ulong Height, Hash256 DataRoot, ExtendedSquare Square)> _squares = [];

    public void Dispose() => l1.Dispose();

    public async Task<JsonObject> NamespaceDataAsync(DaSquareRecord record, Namespace ns, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(record);
        var square = await SquareAsync(record, cancellation);
        return DaNamespaceQuery.Answer(record.Height, square, record.Header, ns);
    }

    private async Task<ExtendedSquare> SquareAsync(DaSquareRecord record, CancellationToken cancellation)
    {
        lock (_gate)
        {
            foreach (var kept in _squares)
            {
                if (kept.Height == record.Height && kept.DataRoot == record.Header.DataRoot) return kept.Square;
            }
        }
        ExtendedSquare? square;
        try
        {
            square = await fetcher.WholeSquareAsync(record, cancellation);
        }
        catch (BadEncodingException e)
        {
            throw new RpcException(RpcErrorCodes.NotFound, $"the square of height {record.Height} is badly encoded: {e.Message}", new JsonObject { ["reason"] = "badlyEncoded" });
        }
        if (square is null)
        {
            throw new RpcException(RpcErrorCodes.NotFound, $"fewer than half the columns of height {record.Height} could be had from this node and its peers",
                new JsonObject { ["reason"] = "unavailable" });
        }
        lock (_gate)
        {
            _squares.Add((record.Height, record.Header.DataRoot, square));
            if (_squares.Count > KeptSquares) _squares.RemoveAt(0);
        }
        return square;
    }

    public async Task<JsonObject> BlobFeeAsync(CancellationToken cancellation)
    {
        var height = follow.Head;
        var header = follow.Fraud.HeaderAt(height)
            ?? throw new RpcException(RpcErrorCodes.NotFound, "this DA node has not verified a header yet", new JsonObject { ["reason"] = "notYetStored" });
        StateProofView answer;
        try
        {
            answer = await l1.GetStateProofAsync(BlobModule.FeeStateKey, height, cancellation);
        }
        catch (Exception e) when (e is RpcClientException or RpcException)
        {
            throw new RpcException(RpcErrorCodes.InternalError, $"the blob fee record at height {height} could not be read from {l1.Endpoint}: {e.Message}",
                new JsonObject { ["reason"] = "l1Unavailable" });
        }
        BlobFeeState fee;
        try
        {
            Canonical.Decode<SmtProof>(answer.Proof).Verify(header.StateRoot, BlobModule.FeeStateKey, answer.Value ?? [], answer.Present);
            fee = answer.Value is { } value ? Canonical.Decode<BlobFeeState>(value) : BlobFeeState.Zero;
        }
        catch (Exception e) when (e is CodecException or InvalidMerkleProofException)
        {
            throw new RpcException(RpcErrorCodes.InternalError, $"{l1.Endpoint} answered a blob fee record at height {height} that its proof does not tie to the verified state root: {e.Message}",
                new JsonObject { ["reason"] = "unproven" });
        }
        var view = BlobModule.ViewFeeMarket(fee, parameters);
        view["height"] = height;
        view["minBaseFeePerBlobGas"] = parameters.MinBaseFeePerBlobGas.ToString(CultureInfo.InvariantCulture);
        view["retentionBlocks"] = parameters.RetentionBlocks.ToString(CultureInfo.InvariantCulture);
        view["provenAgainstStateRoot"] = header.StateRoot.ToString();
        return view;
    }
}
