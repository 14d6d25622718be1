namespace Lamina.L1.LightClient;

/// <summary>
/// Follows the L1 chain from a trusted light block without executing anything: skipping verification where 1/3 of
/// the trusted validators vouch for a far header, bisecting where they do not. Rollup agents and DA light nodes
/// use it to trust L1 headers (and the state roots inside them) at the cost of a few signature checks.
/// </summary>
public sealed class LightClient(string chainId, LightBlock trusted, LightClientOptions options, ILightBlockProvider provider, TimeProvider time)
{
    public const int MaxBisectionSteps = 64;

    public LightBlock Trusted { get; private set; } = trusted;

    /// <summary>Creates a client from a block whose hash the operator obtained out of band (the root of trust).</summary>
    public static async Task<LightClient> FromTrustedHashAsync(string chainId, ulong height, Core.Hash256 trustedHash, LightClientOptions options,
        ILightBlockProvider provider, TimeProvider time, CancellationToken cancellation = default)
    {
        var block = await provider.GetLightBlockAsync(height, cancellation);
        if (block.Header.Hash != trustedHash) throw new LightClientException(LightClientError.BrokenLink, $"the provider's block at {height} does not have the trusted hash");
        HeaderVerifier.CheckSelfConsistent(chainId, block);
        return new LightClient(chainId, block, options, provider, time);
    }

    /// <summary>Verifies the chain up to <paramref name="target"/> and returns the verified light block there.</summary>
    public async Task<LightBlock> VerifyToHeightAsync(ulong target, CancellationToken cancellation = default)
    {
        if (target <= Trusted.Height) return Trusted;
        var pending = new Stack<LightBlock>();
        pending.Push(await FetchAsync(target, cancellation));
        var steps = 0;
        while (pending.Count > 0)
        {
            var candidate = pending.Peek();
            try
            {
                HeaderVerifier.Verify(chainId, Trusted, candidate, time.GetUtcNow(), options);
                Trusted = candidate;
                pending.Pop();
            }
            catch (LightClientException e) when (e.Error == LightClientError.NotEnoughTrust)
            {
                if (++steps > MaxBisectionSteps) throw;
                // Not enough of the trusted set signed the far header: verify a header halfway first.
                var pivot = Trusted.Height + (candidate.Height - Trusted.Height) / 2;
                pending.Push(await FetchAsync(pivot, cancellation));
            }
        }
        return Trusted;
    }

    private async Task<LightBlock> FetchAsync(ulong height, CancellationToken cancellation)
    {
        try
        {
            var block = await provider.GetLightBlockAsync(height, cancellation);
            if (block.Height != height) throw new LightClientException(LightClientError.ProviderFailed, $"asked for height {height}, got {block.Height}");
            return block;
        }
        catch (Exception e) when (e is not LightClientException and not OperationCanceledException)
        {
            throw new LightClientException(LightClientError.ProviderFailed, $"provider failed at height {height}: {e.Message}");
        }
    }
}
