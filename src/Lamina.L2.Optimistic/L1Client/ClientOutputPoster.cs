using Lamina.Client;
using Lamina.Client.Views;
using Lamina.Core.Crypto;
using Lamina.L1.Rollups;
using Lamina.L2.Optimistic.Agents;

namespace Lamina.L2.Optimistic.L1Client;

/// <summary>Posts output roots through Lamina.Client with the rollup's proposer bond (the rollups module's output kind).</summary>
/// <remarks><paramref name="sending"/> is shared with the batch poster when both sign with one key, so their nonces never collide.</remarks>
public sealed class ClientOutputPoster(LaminaRpcClient l1, SigningKey key, string chainId, RollupView rollup, SemaphoreSlim sending) : IOutputPoster
{
    public async Task PostAsync(OptimisticOutput output, CancellationToken cancellationToken)
    {
        await sending.WaitAsync(cancellationToken);
        try
        {
            await SendAsync(output, cancellationToken);
        }
        finally
        {
            sending.Release();
        }
    }

    private async Task SendAsync(OptimisticOutput output, CancellationToken cancellationToken)
    {
        var nonce = (await l1.GetAccountAsync(key.Address, cancellation: cancellationToken)).PendingNonce;
        var baseFee = (await l1.GetFeeInfoAsync(cancellationToken)).BaseFeePerGas;
        var tx = new RollupTxBuilder(key, chainId, nonce, checked(baseFee * 2 + 2), 2).Output(rollup.RollupId, output, rollup.ProposerBond);
        await l1.SendTransactionAsync(tx.Encoded, cancellationToken);
        var final = await l1.WaitFinalAsync(tx.Hash, TimeSpan.FromSeconds(60), cancellation: cancellationToken);
        if (final is not { IsIncluded: true }) throw new TimeoutException($"output for l2 block {output.L2BlockNumber} was not final within 60 s");
    }
}
