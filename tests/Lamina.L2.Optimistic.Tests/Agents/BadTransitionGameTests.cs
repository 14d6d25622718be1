using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;
using L2Rollup = Lamina.L2.Optimistic.Derivation.RollupConfig;

namespace Lamina.L2.Optimistic.Tests.Agents;

/// <summary>
/// The sequencer's <c>bad-transition</c> fault played to the end against the real rollups module (in memory, block by
/// block through L1's block executor and its mempool admission): a proposer that executed one seeded random
/// transaction wrongly posts that output and defends its faulty history (<see cref="BadTransitionFault.History"/>,
/// as <c>LyingDefender</c> does on a node); the honest challenger bisects it over the blocks, descends into the struck
/// block and down its transactions to the struck one. The bottom claim is the challenger's (its parity), so the liar
/// tries L1's step against it with a real proof, and L1, executing the transaction itself, refuses it; the liar then
/// loses on time. The root is removed, the liar's bonds go to the challenger, and a withdrawal is paid from the
/// corrected chain's output.
/// </summary>
public sealed class BadTransitionGameTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly SigningKey LiarKey = TestKeys.Key(10), HonestKey = TestKeys.Key(11), DepositorKey = TestKeys.Key(12);
    private static readonly Address Exit = TestKeys.Addr(0xE1);
    private const ulong Withdrawn = 3_000;

    private static readonly RollupConfig Rollup = new(TestKeys.RollupId, TestKeys.ChainId, L2Rollup.GenesisOutputRoot, 1_000_000, 10, 5, TestKeys.Sequencer,
        default, 30, 10);

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(4UL)]
    [InlineData(5UL)]
    [InlineData(7UL)]
    public async Task A_bad_transition_is_bisected_to_its_transaction_the_liars_step_is_refused_and_the_root_removed(ulong seed)
    {
        var l1 = new ModuleDisputeL1(Rollup, [LiarKey.Address, HonestKey.Address, DepositorKey.Address]);
        var (blocks, store) = Chain(l1);
        var rules = DisputeLedger.RuleContext(Rollup);
        var fault = new BadTransitionFault(seed, rules, _ => rules.Fees, BlockOf(blocks));
        var lie = fault.Strike(0, 3)!.Value;
        var (struckBlock, struckTx) = fault.Struck!.Value;
        Assert.NotEqual(blocks[3].Header.Output.Root, lie.Root);
        Assert.Null(l1.Submit(LiarKey, new RollupOutputPayload(Rollup.Id, 3, lie.Root, Rollup.ProposerBond)));

        var honest = new ChallengerAgent(l1.For(HonestKey), new ChainOutputHistory(BlockOf(blocks), store, rules), () => 3, Rollup, HonestKey.Address);
        var liar = new ChallengerAgent(l1.For(LiarKey), fault.History, () => 3, Rollup, LiarKey.Address, plays: o => o.OutputRoot == lie.Root, lying: true);
        var before = l1.Balance(HonestKey.Address);
        for (var round = 0; round < 400 && l1.Game(1)?.Outcome is null; round++)
        {
            var moved = await honest.TickAsync(CancellationToken.None) + await liar.TickAsync(CancellationToken.None);
            if (moved == 0) l1.Wait(5_000); // nobody can move: the clocks run
        }

        var record = l1.Game(1)!;
        Assert.Equal(DisputeOutcome.ChallengerWins, record.Outcome);
        Assert.Equal(OutputStatus.Replaced, l1.Output(1).Status);
        Assert.Equal(0UL, RollupLedger.Find(l1.State, Rollup.Id)!.LastOutputL2Block);
        var game = record.Rebuild(Rollup, new StateRollupRecords(l1.State, Rollup.Id));
        var resolution = game.Resolve(l1.TimeMs);

        // Bisected down to the struck transaction: one descent, into the struck block, whose bottom claim is the
        // challenger's true point right after that transaction (attacked by a step from the agreed point before it), or
        // right before it (defended by a step towards the liar's point after it).
        var subgame = Assert.Single(game.Subgames);
        Assert.Equal(struckBlock, game.BlockOf(game.Blocks.Claims[subgame.PostClaim]));
        var maxDepth = subgame.Game.Config.MaxDepth;
        var bottom = Assert.Single(subgame.Game.Claims, c => c.Position.Depth == maxDepth);
        Assert.Equal(HonestKey.Address, bottom.Claimant);
        Assert.True(bottom.Position.TraceIndex(maxDepth) == (ulong)struckTx || bottom.Position.TraceIndex(maxDepth) + 1 == (ulong)struckTx,
            $"bottom claim at trace index {bottom.Position.TraceIndex(maxDepth)}, struck transaction {struckTx}");

        // The liar tried L1's step against it, with a real proof from the agreed pre-state; L1 executed the
        // transaction itself, found the challenger's point, and refused the step. No step is in the record.
        var tried = l1.Refusals.Where(r => r.Sender == LiarKey.Address && r.Payload is DisputeMovePayload { Move.Step: not null }).ToList();
        Assert.NotEmpty(tried);
        Assert.All(tried, r => Assert.Contains("the step confirms claim", r.Reason, StringComparison.Ordinal));
        Assert.All(tried, r => Assert.Contains($"transaction {struckTx} from the agreed pre-state", r.Reason, StringComparison.Ordinal));
        Assert.DoesNotContain(record.Moves, m => DisputeMove.Decode(m.Move).Step is not null);
        Assert.DoesNotContain(l1.Refusals, r => r.Sender == HonestKey.Address);
        output.WriteLine($"seed {seed}: struck block {struckBlock} transaction {struckTx}; {record.Moves.Count} moves, {game.ClaimCount} claims, bottom at trace index "
            + $"{bottom.Position.TraceIndex(maxDepth)}; {tried.Count} refused steps, first: {tried[0].Reason}");

        // Payouts: every liar claim countered and its bond paid to the challenger, none of the challenger's; the vault
        // is empty, and the challenger's balance grew by exactly what the liar lost, less its fees.
        UInt128 liarBonds = 0, honestBonds = 0;
        for (var g = 0; g < game.ClaimCount; g++)
        {
            var claim = game.Claim(g);
            if (claim.Claimant == LiarKey.Address)
            {
                liarBonds += claim.Bond;
                Assert.True(resolution.Countered[g] && resolution.Payouts[g].To == HonestKey.Address, $"liar claim {g}");
            }
            else
            {
                honestBonds += claim.Bond;
                Assert.False(resolution.Countered[g], $"honest claim {g} was countered");
            }
        }
        Assert.Equal(liarBonds + honestBonds, resolution.PaidTo(HonestKey.Address));
        Assert.Equal(UInt128.Zero, resolution.PaidTo(LiarKey.Address));
        Assert.Equal(UInt128.Zero, l1.Balance(RollupAccounts.BondVault(Rollup.Id)));
        Assert.True(l1.Balance(HonestKey.Address) > before + liarBonds - 10_000_000_000, "the challenger was not paid the liar's bonds");

        // Withdrawals continue from the corrected chain: the true output of block 3 is posted again, finalizes, and
        // the withdrawal block 3 holds is paid on L1 against it.
        Assert.Null(l1.Submit(HonestKey, new RollupOutputPayload(Rollup.Id, 3, blocks[3].Header.Output.Root, Rollup.ProposerBond)));
        l1.Wait(Rollup.ChallengeWindowSeconds * 1_000 + 1);
        Assert.Equal(OutputStatus.Finalized, l1.Output(2).Status);
        var machine = new OptimisticStateMachine(store, TestKeys.ChainId, TestKeys.RollupId, TestKeys.Sequencer);
        var receipt = machine.GetWithdrawal(blocks[3].Header.StateRoot, TestKeys.Key(1).Address, 2)!.Value;
        var proof = machine.ProveWithdrawal(blocks[3].Header.Output, receipt);
        Assert.Null(l1.Submit(DepositorKey, new RollupWithdrawPayload(Rollup.Id, 2, receipt, proof)));
        Assert.Equal((UInt128)Withdrawn, l1.Balance(Exit));
    }

    /// <summary>
    /// The other side of the admission check: a step that counters its claim passes admission and lands. A lying
    /// challenger disputes the true output; the honest side (which stands behind it) steps the liar's bottom claim.
    /// </summary>
    [Fact]
    public async Task A_step_that_counters_its_claim_passes_admission_and_lands()
    {
        var l1 = new ModuleDisputeL1(Rollup, [LiarKey.Address, HonestKey.Address, DepositorKey.Address]);
        var (blocks, store) = Chain(l1);
        Assert.Null(l1.Submit(HonestKey, new RollupOutputPayload(Rollup.Id, 3, blocks[3].Header.Output.Root, Rollup.ProposerBond)));
        var honest = new ChallengerAgent(l1.For(HonestKey), new ChainOutputHistory(BlockOf(blocks), store, DisputeLedger.RuleContext(Rollup)), () => 3, Rollup, HonestKey.Address);
        var liar = new LyingChallenger(l1.For(LiarKey), BlockOf(blocks), () => 3, Rollup, LiarKey.Address);
        for (var round = 0; round < 400 && l1.Game(1)?.Outcome is null; round++)
        {
            var moved = await liar.TickAsync(CancellationToken.None) + await honest.TickAsync(CancellationToken.None);
            if (moved == 0) l1.Wait(5_000);
        }

        var record = l1.Game(1)!;
        Assert.Equal(DisputeOutcome.DefenderWins, record.Outcome);
        Assert.Equal(OutputStatus.Finalized, l1.Output(1).Status);
        var step = Assert.Single(record.Moves, m => DisputeMove.Decode(m.Move).Step is not null);
        Assert.Equal(HonestKey.Address, step.Mover);
        Assert.DoesNotContain(l1.Refusals, r => r.Sender == HonestKey.Address);
    }

    [Fact]
    public void The_struck_transaction_is_seeded_and_its_faulty_history_is_consistent()
    {
        var l1 = new ModuleDisputeL1(Rollup, [DepositorKey.Address]);
        var (blocks, store) = Chain(l1);
        var rules = DisputeLedger.RuleContext(Rollup);
        var total = (ulong)blocks.Sum(b => b.Transactions.Count);
        var struck = new HashSet<(ulong, int)>();
        for (ulong seed = 0; seed < 48; seed++)
        {
            var fault = new BadTransitionFault(seed, rules, _ => rules.Fees, BlockOf(blocks));
            var again = new BadTransitionFault(seed, rules, _ => rules.Fees, BlockOf(blocks));
            var lie = fault.Strike(0, 3);
            Assert.Equal(lie, again.Strike(0, 3));
            Assert.Equal(fault.Struck, again.Struck);
            Assert.Null(fault.Strike(0, 3)); // it strikes once
            var (block, tx) = fault.Struck!.Value;
            struck.Add((block, tx));
            Assert.Equal(BadTransitionFault.Pick(seed, total), (ulong)(blocks.Take((int)block).Sum(b => b.Transactions.Count) + tx));

            // True before the struck transaction, wrong from it on, in every later block too; the credited account got
            // WrongCredit more at the struck transaction; headers chain and the lie is the last faulty header's output.
            var faulty = fault.Block(block)!;
            var truth = blocks[(int)block];
            for (var i = 0; i < truth.Transactions.Count; i++)
                Assert.Equal(i < tx, faulty.IntermediateRoots[i] == truth.IntermediateRoots[i]);
            var credited = BadTransitionFault.CreditedBy(truth.Transactions[tx]);
            Assert.Equal(fault.Account(truth.IntermediateRoots[tx], credited).Balance + BadTransitionFault.WrongCredit,
                fault.Account(faulty.IntermediateRoots[tx], credited).Balance);
            for (var n = block; n <= 3; n++)
            {
                var header = fault.Block(n)!.Header;
                Assert.NotEqual(blocks[(int)n].Header.StateRoot, header.StateRoot);
                Assert.Equal(fault.Block(n - 1)!.Header.Hash, header.ParentHash);
                Assert.Equal(header.StateRoot, fault.Block(n)!.IntermediateRoots[^1]);
            }
            Assert.Equal(fault.Block(3)!.Header.Output, lie);
            Assert.Equal(blocks[(int)block - 1].Header, fault.Block(block - 1)!.Header);
        }
        // Over the seeds, the fault lands on many different transactions, in every block.
        Assert.True((ulong)struck.Count >= total / 2, $"only {struck.Count} of {total} transactions struck");
        Assert.Equal([1UL, 2UL, 3UL], struck.Select(s => s.Item1).Distinct().Order());
        // A range without transactions is not struck.
        Assert.Null(new BadTransitionFault(1, rules, _ => rules.Fees, n => n == 0 ? blocks[0] : new L2Block(blocks[0].Header with { Number = n }, [], [])).Strike(0, 2));
        _ = store;
    }

    private static Func<ulong, L2Block?> BlockOf(List<L2Block> blocks) => n => n < (ulong)blocks.Count ? blocks[(int)n] : null;

    /// <summary>
    /// Two deposits made on L1, then three L2 blocks at their origin: the deposits, transfers, and in block 3 a
    /// withdrawal of <see cref="Withdrawn"/> to <see cref="Exit"/> on L1.
    /// </summary>
    private static (List<L2Block> Blocks, InMemorySmtNodeStore Store) Chain(ModuleDisputeL1 l1)
    {
        var (alice, bob) = (TestKeys.Key(0).Address, TestKeys.Key(1).Address);
        Assert.Null(l1.Submit(DepositorKey, new RollupDepositPayload(Rollup.Id, alice, 50_000)));
        Assert.Null(l1.Submit(DepositorKey, new RollupDepositPayload(Rollup.Id, bob, 40_000)));
        var origin = l1.Height;
        var store = new InMemorySmtNodeStore();
        var executor = new L2BlockExecutor(new OptimisticStateMachine(store, TestKeys.ChainId, TestKeys.RollupId, TestKeys.Sequencer));
        var blocks = new List<L2Block> { new(L2Rollup.GenesisHeader, [], []) };
        L2Block Next(L2Deposit[] deposits, OptimisticBatchItem[] sequenced)
        {
            var parent = blocks[^1].Header;
            var block = executor.Execute(parent, new L2BlockInputs(origin, parent.TimestampMs + 1_000, deposits, [], sequenced)).Block;
            Assert.Equal(deposits.Length + sequenced.Length, block.Transactions.Count); // nothing dropped
            blocks.Add(block);
            return block;
        }
        Next([new L2Deposit(0, alice, 50_000), new L2Deposit(1, bob, 40_000)], [TestKeys.Transfer(0, TestKeys.Addr(0xB1), 1_500, 0)]);
        Next([], [TestKeys.Transfer(0, bob, 2_000, 1), TestKeys.Transfer(1, TestKeys.Addr(0xB2), 700, 0), TestKeys.Transfer(0, TestKeys.Addr(0xB3), 90, 2)]);
        Next([], [TestKeys.Transfer(1, alice, 300, 1), TestKeys.Withdraw(1, Exit, Withdrawn, 2), TestKeys.Transfer(0, TestKeys.Addr(0xB4), 10, 3)]);
        return (blocks, store);
    }
}
