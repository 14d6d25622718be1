using Lamina.Client.Views;
using Lamina.Core;

namespace Lamina.Client;

/// <summary>
/// The rollup_* methods (the L1 rollups module), each returning a checked view. Queues are paged by index: ask from
/// 0, then from each page's <c>Next</c>. Rollup transactions are built and signed with <c>Lamina.L1.Rollups.RollupTxBuilder</c>
/// and submitted with <see cref="SendTransactionAsync"/>, like every L1 transaction.
/// </summary>
public sealed partial class LaminaRpcClient
{
    public Task<RollupListView> ListRollupsAsync(CancellationToken cancellation = default)
        => ReadAsync("rollup_list", [], RollupListView.Read, cancellation);

    public Task<RollupView> GetRollupAsync(ulong rollupId, CancellationToken cancellation = default)
        => ReadAsync("rollup_get", [rollupId], RollupView.Read, cancellation);

    /// <summary>Output roots from index <paramref name="from"/> (0 is the genesis root).</summary>
    public Task<RollupPage<RollupOutputView>> GetRollupOutputsAsync(ulong rollupId, ulong from = 0, int max = 100, CancellationToken cancellation = default)
        => ReadAsync("rollup_getOutputs", [rollupId, from, max], r => RollupPage<RollupOutputView>.Read(r, "outputs", RollupOutputView.Read), cancellation);

    public Task<RollupPage<RollupDepositView>> GetRollupDepositsAsync(ulong rollupId, ulong from = 0, int max = 100, CancellationToken cancellation = default)
        => ReadAsync("rollup_getDeposits", [rollupId, from, max], r => RollupPage<RollupDepositView>.Read(r, "deposits", RollupDepositView.Read), cancellation);

    public Task<RollupPage<RollupForcedTransactionView>> GetRollupForcedTransactionsAsync(ulong rollupId, ulong from = 0, int max = 100, CancellationToken cancellation = default)
        => ReadAsync("rollup_getForcedTransactions", [rollupId, from, max], r => RollupPage<RollupForcedTransactionView>.Read(r, "forcedTransactions", RollupForcedTransactionView.Read), cancellation);

    public Task<RollupPage<RollupBatchView>> GetRollupBatchesAsync(ulong rollupId, ulong from = 0, int max = 100, CancellationToken cancellation = default)
        => ReadAsync("rollup_getBatches", [rollupId, from, max], r => RollupPage<RollupBatchView>.Read(r, "batches", RollupBatchView.Read), cancellation);

    /// <summary>Whether the withdrawal <paramref name="withdrawalId"/> (the L2 receipt's id) has been paid on L1.</summary>
    public Task<RollupWithdrawalView> GetRollupWithdrawalAsync(ulong rollupId, Hash256 withdrawalId, CancellationToken cancellation = default)
        => ReadAsync("rollup_getWithdrawal", [rollupId, withdrawalId.ToString()], RollupWithdrawalView.Read, cancellation);

    /// <summary>What the module recorded for the rollup in committed L1 block <paramref name="l1Height"/> (NotFound above the head).</summary>
    public Task<RollupL1BlockView> GetRollupL1BlockAsync(ulong rollupId, ulong l1Height, CancellationToken cancellation = default)
        => ReadAsync("rollup_getL1Block", [rollupId, l1Height], RollupL1BlockView.Read, cancellation);
}
