using System.Text.Json.Nodes;
using Lamina.Core;

namespace Lamina.Client.Views;

/// <summary>
/// rollup_get / rollup_list: one rollup registered in the L1 rollups module: its registration (id, which is also its
/// DA namespace, L2 chain id, genesis output root, bond, windows, batch poster) and its counters (how many deposits,
/// forced transactions, batches and outputs exist, the escrow totals).
/// </summary>
public sealed record RollupView(
    ulong RollupId, string Namespace, ulong L2ChainId, Hash256 GenesisOutputRoot, UInt128 ProposerBond, ulong ChallengeWindowSeconds,
    ulong SequencingWindowBlocks, Address BatchPoster, ulong RegisteredAtHeight, Address EscrowAddress, Address BondVaultAddress,
    UInt128 TotalDeposited, UInt128 TotalWithdrawn, UInt128 Escrowed, ulong Deposits, ulong ForcedTransactions, ulong Batches, ulong Outputs,
    ulong FirstOpenOutput, ulong LastOutputL2Block)
{
    /// <summary>The L1 height the answer reflects (absent inside <c>rollup_list</c>'s items: see <see cref="RollupListView.Height"/>).</summary>
    public ulong? Height { get; init; }

    /// <summary>The node's answer as it came, for display and for fields newer than this client.</summary>
    public JsonObject Json { get; init; } = [];

    /// <summary>The registered L2 fee schedule (free when the node predates it).</summary>
    public RollupFeesView L2Fees { get; init; } = RollupFeesView.Free;

    /// <summary>The dispute clock per side and its extension as registered, in seconds (0 and 0: not registered, or a node that predates it).</summary>
    public (ulong ClockSeconds, ulong ExtensionSeconds) DisputeClock { get; init; }

    public static RollupView Read(ViewReader r) => new(r.ULong("rollupId"), r.String("namespace"), r.ULong("l2ChainId"), r.Hash("genesisOutputRoot"),
        r.Amount("proposerBond"), r.ULong("challengeWindowSeconds"), r.ULong("sequencingWindowBlocks"), r.Address("batchPoster"), r.ULong("registeredAtHeight"),
        r.Address("escrowAddress"), r.Address("bondVaultAddress"), r.Amount("totalDeposited"), r.Amount("totalWithdrawn"), r.Amount("escrowed"),
        r.ULong("deposits"), r.ULong("forcedTransactions"), r.ULong("batches"), r.ULong("outputs"), r.ULong("firstOpenOutput"), r.ULong("lastOutputL2Block"))
    { Height = r.OptionalULong("height"), Json = r.Json, L2Fees = r.OptionalObject("l2Fees") is { } fees ? RollupFeesView.Read(fees) : RollupFeesView.Free,
      DisputeClock = r.OptionalObject("disputeClock") is { } clock && clock.Json["registered"]?.GetValue<bool>() == true ? (clock.ULong("clockSeconds"), clock.ULong("extensionSeconds")) : (0, 0) };
}

/// <summary>rollup_list: every registered rollup, in id order, at L1 height <see cref="Height"/>.</summary>
public sealed record RollupListView(ulong Height, IReadOnlyList<RollupView> Rollups)
{
    public static RollupListView Read(ViewReader r) => new(r.ULong("height"), r.Each("rollups", item => RollupView.Read(r.Element("rollups", item))));
}
