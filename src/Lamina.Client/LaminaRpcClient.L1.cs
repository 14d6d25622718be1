using System.Text.Json;
using System.Text.Json.Nodes;
using Lamina.Client.Views;
using Lamina.Core;

namespace Lamina.Client;

/// <summary>The l1_* methods, each returning a checked view: a result of the wrong shape is an <see cref="RpcClientError.UnexpectedResult"/>.</summary>
public sealed partial class LaminaRpcClient
{
    public async Task<string> GetChainIdAsync(CancellationToken cancellation = default)
    {
        var result = await RequestAsync("l1_chainId", new JsonArray(), cancellation);
        return Checked(() => result is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>()
            : throw ViewReader.Unexpected("l1_chainId", Endpoint, $"the result is {Describe(result)} where the chain id string was expected"), "l1_chainId");
    }

    public Task<HeadView> GetHeadAsync(CancellationToken cancellation = default)
        => ReadAsync("l1_head", [], HeadView.Read, cancellation);

    public Task<AccountView> GetAccountAsync(Address address, ulong? height = null, CancellationToken cancellation = default)
        => ReadAsync("l1_getAccount", height is { } h ? [address.ToString(), h] : [address.ToString()], AccountView.Read, cancellation);

    /// <summary>A state-tree key's value after block <paramref name="height"/> with its proof against that block's state root.</summary>
    public Task<StateProofView> GetStateProofAsync(Hash256 key, ulong height, CancellationToken cancellation = default)
        => ReadAsync("l1_getStateProof", [key.ToString(), height], StateProofView.Read, cancellation);

    public Task<FeeInfoView> GetFeeInfoAsync(CancellationToken cancellation = default)
        => ReadAsync("l1_feeInfo", [], FeeInfoView.Read, cancellation);

    public Task<MempoolView> GetMempoolAsync(CancellationToken cancellation = default)
        => ReadAsync("l1_mempool", [], MempoolView.Read, cancellation);

    public Task<BlockView> GetBlockAsync(ulong height, bool full = false, CancellationToken cancellation = default)
        => ReadAsync("l1_getBlock", [height, full], BlockView.Read, cancellation);

    public Task<BlockView> GetBlockAsync(Hash256 hash, bool full = false, CancellationToken cancellation = default)
        => ReadAsync("l1_getBlock", [hash.ToString(), full], BlockView.Read, cancellation);

    public Task<ValidatorSetView> GetValidatorsAsync(ulong? height = null, CancellationToken cancellation = default)
        => ReadAsync("l1_validators", height is { } h ? [h] : [], ValidatorSetView.Read, cancellation);

    public Task<LightBlockView> GetLightBlockAsync(ulong? height = null, CancellationToken cancellation = default)
        => ReadAsync("l1_lightBlock", height is { } h ? [h] : [], LightBlockView.Read, cancellation);

    /// <summary>The validator record of an operator, or null if the address never staked.</summary>
    public Task<ValidatorView?> GetValidatorAsync(Address address, ulong? height = null, CancellationToken cancellation = default)
        => ReadOrNullAsync("l1_getValidator", height is { } h ? [address.ToString(), h] : [address.ToString()], ValidatorView.Read, cancellation);

    /// <summary>A transaction pending in the node's mempool or included in a block, or null if the node knows neither.</summary>
    public Task<TransactionView?> GetTransactionAsync(Hash256 hash, CancellationToken cancellation = default)
        => ReadOrNullAsync("l1_getTransaction", [hash.ToString()], r => TransactionView.Read(r), cancellation);

    /// <summary>Submits a signed transaction (its canonical bytes); returns the hash the node computed.</summary>
    public async Task<Hash256> SendTransactionAsync(ReadOnlyMemory<byte> encoded, CancellationToken cancellation = default)
    {
        var result = await RequestAsync("l1_sendTransaction", new JsonArray(Hex.Encode(encoded.Span)), cancellation);
        return Checked(() => result is JsonValue v && v.GetValueKind() == JsonValueKind.String && Hash256.TryParse(v.GetValue<string>(), out var hash) ? hash
            : throw ViewReader.Unexpected("l1_sendTransaction", Endpoint, $"the result is {Describe(result)} where the transaction hash was expected"), "l1_sendTransaction");
    }

    /// <summary>
    /// Polls until the transaction is included in a final block; returns its view, or the last view seen (pending, or
    /// null if unknown) when <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<TransactionView?> WaitFinalAsync(Hash256 hash, TimeSpan timeout, TimeSpan? pollInterval = null, CancellationToken cancellation = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        TransactionView? seen = null;
        try
        {
            while (true)
            {
                seen = await GetTransactionAsync(hash, deadline.Token);
                if (seen is { IsIncluded: true, Finalized: true }) return seen;
                await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(100), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return seen;
        }
    }

    private async Task<T> ReadAsync<T>(string method, object?[] parameters, Func<ViewReader, T> read, CancellationToken cancellation)
    {
        var result = await RequestAsync(method, Positional(parameters), cancellation);
        return Checked(() => read(ViewReader.Of(result, method, Endpoint)), method);
    }

    private async Task<T?> ReadOrNullAsync<T>(string method, object?[] parameters, Func<ViewReader, T> read, CancellationToken cancellation) where T : class
    {
        var result = await RequestAsync(method, Positional(parameters), cancellation);
        return result is null ? null : Checked(() => read(ViewReader.Of(result, method, Endpoint)), method);
    }
}
