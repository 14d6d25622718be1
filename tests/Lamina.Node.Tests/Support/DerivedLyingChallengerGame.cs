using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.L1Client;
using Lamina.Node.Optimistic;

namespace Lamina.Node.Tests.Support;

/// <summary>
/// A whole dispute game played on a real node whose genesis derives disputed lists on L1 (<c>derivedRollupLists</c>)
/// and whose sequencer role posts batches as blobs and true outputs, for the tests of what shows a game (the explorer,
/// rollup_getGame). A user's L2 transfer puts a transaction into the chain; a lying challenger (<see cref="LyingChallenger"/>,
/// playing the node's derived chain with its own final state, <see cref="LyingDerivedHistory"/>) disputes a true output
/// and an honest <see cref="ChallengerAgent"/> counters it; both reach L1 over Lamina.Client with their own keys and
/// play over one in-process derivation from L1 and DA (<see cref="VerifierAgent"/>), as the challenger role does. L1
/// derives the disputed block's list from the batch blob when a side descends into it; at the bottom the honest side
/// steps the liar's claim with L1's one-step execution, and the game resolves once the clocks ran out.
/// </summary>
public sealed class DerivedLyingChallengerGame(Uri rpc, ulong rollupId, SigningKey honestKey, SigningKey liarKey, SigningKey depositorKey)
{
    public const ulong Deposit = 10_000, Transfer = 1_234, Fee = 150;

    public Address Honest => honestKey.Address;
    public Address Liar => liarKey.Address;

    /// <summary>The index of the output the liar disputes, once it has opened its game.</summary>
    public ulong? OutputIndex { get; private set; }

    /// <summary>Deposits on L1 to a new L2 user, waits for the sequencer to credit it, and sends one L2 transfer.</summary>
    public async Task TransactAsync(ulong l2ChainId, TimeSpan patience, CancellationToken ct = default)
    {
        using var client = new LaminaRpcClient(rpc);
        using var user = SigningKey.FromSeed([.. Enumerable.Repeat((byte)0x5E, 32)]);
        var depositor = new RollupTxBuilder(depositorKey, TestHome.ChainId, (await client.GetAccountAsync(depositorKey.Address, cancellation: ct)).PendingNonce, 10_000, 2);
        var deposit = depositor.Deposit(rollupId, user.Address, Deposit);
        await client.SendTransactionAsync(deposit.Encoded, ct);
        if (await client.WaitFinalAsync(deposit.Hash, TimeSpan.FromSeconds(60), cancellation: ct) is not { IsIncluded: true })
            throw new TimeoutException($"deposit {deposit.Hash} was not included in time");
        await Wait.UntilAsync(() => Starting.OrNullAsync(() => client.GetL2AccountAsync(user.Address, ct)), a => a?.Balance == Deposit, "the sequencer to credit the deposit", patience);
        var bob = new Address([.. Enumerable.Repeat((byte)0xB5, Address.Size)]);
        var transfer = OptimisticTransfer.Create(user, l2ChainId, rollupId, bob, Transfer, Fee, 0);
        await client.SendL2TransactionAsync(L2Transaction.FromSequenced(OptimisticBatchItem.From(transfer)).Encode(), ct);
    }

    /// <summary>
    /// Derivation and both players take turns until the liar's game is resolved on L1; <paramref name="afterRound"/>
    /// runs after every round, so a test can look at the game while it is played.
    /// </summary>
    public async Task PlayAsync(TimeSpan patience, Func<Task>? afterRound = null, CancellationToken ct = default)
    {
        using var client = new LaminaRpcClient(rpc);
        var view = await client.GetRollupAsync(rollupId, ct);
        var chainId = await client.GetChainIdAsync(ct);
        var verifier = new VerifierAgent(ClientL2Roles.DerivationConfig(view, new L2RoleConfig { RollupId = rollupId }), new ClientRollupL1Source(client, client, view));
        var l1Config = ClientChallenger.L1ConfigOf(view);
        var history = verifier.DisputeHistory(DisputeLedger.RuleContext(l1Config));
        var honestL1 = new ClientDisputeL1(client, honestKey, chainId, rollupId);
        var honest = new ChallengerAgent(honestL1, history, () => verifier.SafeNumber, l1Config, honestKey.Address);
        var liar = new LyingChallenger(new ClientDisputeL1(client, liarKey, chainId, rollupId), verifier.GetBlock, () => verifier.SafeNumber, l1Config, liarKey.Address, truth: history);
        var deadline = DateTime.UtcNow + patience;
        var errors = new List<string>();
        while (DateTime.UtcNow < deadline)
        {
            await verifier.SyncAsync(ct);
            foreach (var tick in new Func<CancellationToken, Task<int>>[] { liar.TickAsync, honest.TickAsync })
            {
                try
                {
                    await tick(ct);
                }
                catch (Exception e) when (e is RpcException or InvalidDisputeMoveException or TimeoutException or DisputeSendException)
                {
                    // Both may try to resolve the same game; the second is refused. Anything else shows in the failure.
                    errors.Add(e.Message);
                }
            }
            if (afterRound is not null) await afterRound();
            var games = (await client.CallAsync("rollup_getDisputes", rollupId))!["games"]!.AsArray();
            if (games.Count > 0)
            {
                OutputIndex = games[0]!["outputIndex"]!.GetValue<ulong>();
                if (await honestL1.GameAsync(OutputIndex.Value, ct) is { Outcome: not null }) return;
            }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"the liar's game did not resolve within {patience} (output {OutputIndex?.ToString() ?? "none yet"}); errors: {string.Join(" | ", errors.TakeLast(5))}");
    }
}
