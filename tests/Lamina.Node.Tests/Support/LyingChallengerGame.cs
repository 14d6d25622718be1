using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.L1Client;
using L2Rollup = Lamina.L2.Optimistic.Derivation.RollupConfig;

namespace Lamina.Node.Tests.Support;

/// <summary>
/// A whole dispute game played on a real node, for the tests of what shows it (rollup_getGame, <c>lamina l2
/// disputes</c>, the explorer): L2 block 1 credits one L1 deposit; its honest proposer posts the true output, a lying
/// challenger (<see cref="LyingOutputHistory"/>: the same block ending in a flipped state) disputes it, and both play
/// with <see cref="ChallengerAgent"/> over Lamina.Client, as the node roles do. The liar's claims are at odd depths, so the
/// bottom claim of the execution level is the liar's and the honest side wins it with L1's one step; the game then
/// resolves once both clocks ran out, and the liar's bonds are paid to the proposer.
/// </summary>
public sealed class LyingChallengerGame(Uri rpc, RollupConfig rollup, SigningKey proposerKey, SigningKey liarKey, SigningKey depositorKey)
{
    public const ulong Deposit = 4_242;

    public Address Proposer => proposerKey.Address;
    public Address Liar => liarKey.Address;

    /// <summary>The index of the output the game is played against, once <see cref="ProposeAsync"/> has posted it.</summary>
    public ulong OutputIndex { get; private set; }

    private List<L2Block> _blocks = [];
    private InMemorySmtNodeStore _store = new();

    /// <summary>Deposits on L1, builds L2 block 1 crediting it, and posts block 1's true output with the proposer's bond.</summary>
    public async Task ProposeAsync(CancellationToken ct)
    {
        using var client = new LaminaRpcClient(rpc);
        var depositor = new RollupTxBuilder(depositorKey, TestHome.ChainId, (await client.GetAccountAsync(depositorKey.Address, cancellation: ct)).PendingNonce, 10_000, 2);
        var deposit = depositor.Deposit(rollup.Id, depositorKey.Address, Deposit);
        await FinalAsync(client, deposit, ct);
        var queued = (await client.GetRollupDepositsAsync(rollup.Id, 0, cancellation: ct)).Items[^1];

        var machine = new OptimisticStateMachine(_store, rollup.L2ChainId, rollup.Id, rollup.BatchPoster);
        var origin = queued.L1Height;
        var fee = (await client.GetRollupL1BlockAsync(rollup.Id, origin, ct)).BlobBaseFee;
        _blocks = [new L2Block(L2Rollup.GenesisHeader, [], [])];
        var inputs = new L2BlockInputs(origin, L2Rollup.GenesisHeader.TimestampMs + 1, [new L2Deposit(queued.Index, queued.L2Recipient, queued.Amount)], [], [], rollup.L2FeesAt(fee));
        _blocks.Add(new L2BlockExecutor(machine).Execute(L2Rollup.GenesisHeader, inputs).Block);

        var proposer = new RollupTxBuilder(proposerKey, TestHome.ChainId, (await client.GetAccountAsync(proposerKey.Address, cancellation: ct)).PendingNonce, 10_000, 2);
        await FinalAsync(client, proposer.Output(rollup.Id, _blocks[1].Header.Output, rollup.ProposerBond), ct);
        OutputIndex = (await client.GetRollupAsync(rollup.Id, ct)).Outputs - 1;
    }

    /// <summary>
    /// Both players take turns until the game is resolved on L1 (either may send the resolution); <paramref name="afterRound"/>
    /// runs after every round, so a test can look at the game while it is played.
    /// </summary>
    public async Task PlayAsync(TimeSpan patience, Func<Task>? afterRound = null, CancellationToken ct = default)
    {
        using var client = new LaminaRpcClient(rpc);
        var honest = new ChallengerAgent(new ClientDisputeL1(client, proposerKey, TestHome.ChainId, rollup.Id),
            new ChainOutputHistory(Block, _store, DisputeLedger.RuleContext(rollup)), () => 1, rollup, proposerKey.Address);
        var lie = new OptimisticOutput(new Hash256(Enumerable.Repeat((byte)0x6C, 32).ToArray()), _blocks[1].Header.Hash, 1);
        var liar = new ChallengerAgent(new ClientDisputeL1(client, liarKey, TestHome.ChainId, rollup.Id),
            new LyingOutputHistory(Block, () => lie), () => 1, rollup, liarKey.Address);
        var deadline = DateTime.UtcNow + patience;
        var errors = new List<string>();
        while (DateTime.UtcNow < deadline)
        {
            foreach (var player in new[] { liar, honest })
            {
                try
                {
                    await player.TickAsync(ct);
                }
                catch (Exception e) when (e is RpcException or InvalidDisputeMoveException or TimeoutException)
                {
                    // Both may try to resolve the same game; the second is refused. Anything else shows in the failure.
                    errors.Add(e.Message);
                }
            }
            if (afterRound is not null) await afterRound();
            var record = await new ClientDisputeL1(client, proposerKey, TestHome.ChainId, rollup.Id).GameAsync(OutputIndex, ct);
            if (record?.Outcome is not null) return;
            await Task.Delay(100, ct);
        }
        throw new TimeoutException($"the game against output {OutputIndex} did not resolve within {patience}; errors: {string.Join(" | ", errors.TakeLast(5))}");
    }

    private L2Block? Block(ulong number) => number < (ulong)_blocks.Count ? _blocks[(int)number] : null;

    private static async Task FinalAsync(LaminaRpcClient client, Lamina.L1.Transactions.Transaction tx, CancellationToken ct)
    {
        await client.SendTransactionAsync(tx.Encoded, ct);
        var final = await client.WaitFinalAsync(tx.Hash, TimeSpan.FromSeconds(60), cancellation: ct);
        if (final is not { IsIncluded: true }) throw new TimeoutException($"{tx.Payload.Kind} {tx.Hash} was not included in time");
    }
}
