using Lamina.Core.Crypto;
using Lamina.L1.Blobs;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.Tests.Derivation;
using L1Rollup = Lamina.L1.Rollups.RollupConfig;
using L2Rollup = Lamina.L2.Optimistic.Derivation.RollupConfig;

namespace Lamina.L2.Optimistic.Tests.Agents;

/// <summary>
/// <see cref="ChallengerAgent"/> against the real rollups module with the genesis switch <c>derivedRollupLists</c>, as
/// the devnet runs it: a sequencer's L1 blocks (deposits, then each batch as blob transactions one L1 block before its
/// batch reference) are replayed through L1's block executor at the same heights and times, a verifier derives the
/// chain from the same data, and every party is the agent the devnet runs (the honest challenger over
/// <see cref="DerivedChainOutputHistory"/>, the liars over <see cref="LyingDerivedHistory"/>), sending through the
/// module's admission and blocks. L1 derives the disputed block's list itself from the blobs: the honest challenger
/// descends with derived moves, the liar plays the derived execution down to L1's one step, and the lie loses.
/// </summary>
public sealed class DerivedModuleGameTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly SigningKey PosterKey = TestKeys.Key(9), LiarKey = TestKeys.Key(10), HonestKey = TestKeys.Key(11), DepositorKey = TestKeys.Key(12),
        FreeloaderKey = TestKeys.Key(13);

    /// <summary>The registration: the batch poster is the sequencer (its fee recipient), a window of 16 L1 blocks (8 + 8 for the roles), the devnet's clocks.</summary>
    private static readonly L1Rollup Rollup = new(TestKeys.RollupId, TestKeys.ChainId, L2Rollup.GenesisOutputRoot, 1_000_000, 10, 16, PosterKey.Address, default, 30, 10);

    public enum Liar { WrongRoot, BadTransition, LyingChallenger }

    [Theory]
    [InlineData(Liar.WrongRoot, 1UL, false)]
    [InlineData(Liar.WrongRoot, 2UL, true)]
    [InlineData(Liar.BadTransition, 1UL, false)]
    [InlineData(Liar.BadTransition, 2UL, true)]
    [InlineData(Liar.LyingChallenger, 1UL, false)]
    [InlineData(Liar.LyingChallenger, 2UL, true)]
    public async Task The_devnet_agents_play_a_game_that_derives_lists_on_L1_and_the_lie_loses(Liar liar, ulong seed, bool freeloading)
    {
        var (world, verifier) = World(seed);
        var l1 = new ModuleDisputeL1(Rollup, [PosterKey.Address, LiarKey.Address, HonestKey.Address, DepositorKey.Address, FreeloaderKey.Address], derivedLists: true, genesisTimeMs: 0);
        Replay(world, l1);
        var rules = DisputeLedger.RuleContext(Rollup);
        var honestChain = new ChainOutputHistory(verifier.GetBlock, verifier.Store, rules, verifier.Inbox.FeesAt);
        var honestHistory = new DerivedChainOutputHistory(honestChain, verifier.GetBlock, verifier.GetRecord, rules, verifier.Inbox.FeesAt);
        var head = verifier.Safe.Number;
        // The disputed block: the newest that lists a transaction (so the lie sits on one), and the chain it ends.
        var disputed = head;
        while (verifier.GetBlock(disputed)!.Transactions.Count == 0) disputed--;
        Assert.True(disputed > 1, "the chain holds no transaction");

        var honest = new ChallengerAgent(l1.For(HonestKey), honestHistory, () => head, Rollup, HonestKey.Address);
        Func<CancellationToken, Task<int>> lying;
        BadTransitionFault? fault = null;
        if (liar == Liar.LyingChallenger)
        {
            Assert.Null(l1.Submit(PosterKey, new RollupOutputPayload(Rollup.Id, disputed, verifier.GetBlock(disputed)!.Header.Output.Root, Rollup.ProposerBond)));
            lying = new LyingChallenger(l1.For(LiarKey), verifier.GetBlock, () => head, Rollup, LiarKey.Address, truth: honestHistory).TickAsync;
        }
        else
        {
            IOutputHistory lie;
            OptimisticOutput root;
            if (liar == Liar.WrongRoot)
            {
                root = LyingOutputHistory.Flip(verifier.GetBlock(disputed)!.Header.Output);
                lie = new LyingOutputHistory(verifier.GetBlock, () => root);
            }
            else
            {
                fault = new BadTransitionFault(seed, rules, verifier.Inbox.FeesAt, verifier.GetBlock);
                root = fault.Strike(0, disputed)!.Value;
                lie = fault.History;
            }
            Assert.Null(l1.Submit(LiarKey, new RollupOutputPayload(Rollup.Id, disputed, root.Root, Rollup.ProposerBond)));
            // As LyingDefender does on the sequencer: the lie, able to play derived descents over the true derivation.
            lying = new ChallengerAgent(l1.For(LiarKey), new LyingDerivedHistory(lie, honestHistory), () => head, Rollup, LiarKey.Address,
                plays: o => o.OutputRoot == root.Root, lying: true).TickAsync;
        }
        var liarAddress = LiarKey.Address;
        // The challenger role's freeload fault, over the same derived history as the honest challenger.
        var freeloader = freeloading ? new Freeloader(l1.For(FreeloaderKey), honestHistory, () => head, Rollup, FreeloaderKey.Address) : null;

        for (var round = 0; round < 600 && l1.Game(1)?.Outcome is null; round++)
        {
            var moved = await lying(CancellationToken.None) + await (freeloader?.TickAsync(CancellationToken.None) ?? Task.FromResult(0)) + await honest.TickAsync(CancellationToken.None);
            if (moved == 0) l1.Wait(5_000); // nobody can move: the clocks run
        }

        var record = l1.Game(1)!;
        Assert.NotNull(record.Derivation); // the module created a derived game
        Assert.NotNull(record.Outcome);
        var game = record.Rebuild(Rollup, new StateRollupRecords(l1.State, Rollup.Id));
        var resolution = game.Resolve(l1.TimeMs);
        var moves = record.Moves.Select(m => (m.Mover, Move: DisputeMove.Decode(m.Move))).ToList();
        // One descent, derived on L1 (a freeloader's claims, countered by the honest side, may open more paths, each derived too).
        if (freeloader is null) Assert.Single(game.Subgames);
        Assert.NotEmpty(game.Subgames);
        Assert.All(game.Subgames, s => Assert.NotNull(s.Derived));
        var subgame = game.Subgames[0];
        Assert.DoesNotContain(moves, m => m.Move.Kind is DisputeMoveKind.DescendAttack or DisputeMoveKind.DescendDefend);
        Assert.Contains(moves, m => m.Move.IsDerive);
        // The liar played the derived execution: it made claims beneath the derived descent.
        var liarSubClaims = game.Subgames.Sum(s => s.Game.Claims.Count(c => c.Claimant == liarAddress));
        Assert.True(liarSubClaims > 0, "the liar made no claim in the derived execution");
        // (A freeloader's copy of an honest claim can land first: the honest move is then refused once, as ChallengerSendFailureTests pin.)
        if (freeloader is null) Assert.DoesNotContain(l1.Refusals, r => r.Sender == HonestKey.Address);

        if (liar == Liar.LyingChallenger)
        {
            // The liar descended with its lie on the real blobs, or bisected the honest side's derived list; either
            // way the honest side steps the liar's bottom claim, and L1 takes the step.
            Assert.Equal(DisputeOutcome.DefenderWins, record.Outcome);
            Assert.Equal(OutputStatus.Finalized, l1.Output(1).Status);
            Assert.Contains(moves, m => m.Mover == HonestKey.Address && m.Move.Step is not null);
        }
        else
        {
            Assert.Equal(DisputeOutcome.ChallengerWins, record.Outcome);
            Assert.Equal(OutputStatus.Replaced, l1.Output(1).Status);
            Assert.Contains(moves, m => m.Mover == HonestKey.Address && m.Move.IsDerive);
            if (fault is not null)
            {
                // Bisected to the struck block and transaction: the liar's step from the agreed pre-state, with the true
                // witness, is refused with L1's verdict; no step is in the record.
                Assert.Contains(game.Subgames, s => game.BlockOf(game.Blocks.Claims[s.PostClaim]) == fault.Struck!.Value.Block);
                var tried = l1.Refusals.Where(r => r.Sender == LiarKey.Address && r.Payload is DisputeMovePayload { Move.Step: not null }).ToList();
                Assert.NotEmpty(tried);
                Assert.All(tried, r => Assert.Contains("the step confirms claim", r.Reason, StringComparison.Ordinal));
                Assert.DoesNotContain(Enumerable.Range(0, game.ClaimCount), g => game.Claim(g).Claimant == HonestKey.Address && game.Claim(g).SteppedBy is not null);
            }
        }

        // Every liar claim on the main line is countered and paid to the honest side; beneath a freeloader's made-up claim
        // the liar may counter it and win that bond, which is between the two of them (the honest side counters the
        // freeloader's claim itself). None of the honest side's claims is countered, and it is paid at least what it bonded.
        var beneathFreeloader = new bool[game.ClaimCount];
        UInt128 bonded = 0;
        for (var g = 0; g < game.ClaimCount; g++)
        {
            var claim = game.Claim(g);
            var parent = game.ParentOf(g);
            beneathFreeloader[g] = parent >= 0 && (beneathFreeloader[parent] || game.Claim(parent).Claimant == FreeloaderKey.Address);
            if (claim.Claimant == liarAddress && !beneathFreeloader[g])
                Assert.True(resolution.Countered[g] && resolution.Payouts[g].To == HonestKey.Address, $"liar claim {g}: paid to {resolution.Payouts[g].To}");
            else if (claim.Claimant == HonestKey.Address)
            {
                Assert.False(resolution.Countered[g], $"honest claim {g} was countered");
                bonded += claim.Bond;
            }
        }
        Assert.True(resolution.PaidTo(HonestKey.Address) >= bonded, "the honest side was paid less than it bonded");
        if (freeloader is null) Assert.Equal(UInt128.Zero, resolution.PaidTo(liarAddress));
        if (freeloader is not null)
        {
            // Its made-up claims are countered by the honest side, and it is paid nothing.
            Assert.Contains(moves, m => m.Mover == FreeloaderKey.Address);
            for (var g = 0; g < game.ClaimCount; g++)
                if (game.Claim(g).Claimant == FreeloaderKey.Address) Assert.True(resolution.Countered[g], $"freeloader claim {g} stands");
            Assert.Equal(UInt128.Zero, resolution.PaidTo(FreeloaderKey.Address));
        }
        Assert.Equal(UInt128.Zero, l1.Balance(RollupAccounts.BondVault(Rollup.Id)));
        output.WriteLine($"{liar} seed {seed}{(freeloading ? " with a freeloader" : "")}: disputed block {disputed}, descent into block {game.BlockOf(game.Blocks.Claims[subgame.PostClaim])}, {record.Moves.Count} moves, "
            + $"{liarSubClaims} liar claims in the derived execution, {l1.Refusals.Count(r => r.Sender == liarAddress)} liar moves refused, outcome {record.Outcome}");
    }

    /// <summary>
    /// A sequencer's world (deposits, transfers, a withdrawal, one batch per L1 block) and a verifier that derived it.
    /// The rules are the ones L1 applies to a registration of <see cref="Rollup"/> (<see cref="Lamina.L1.Rollups.Dispute.Derivation.DerivationRules.ForRollup"/>).
    /// </summary>
    private static (RollupHarness World, DerivationPipeline Verifier) World(ulong seed)
    {
        var config = RollupHarness.Config(sequencingWindow: 8, forcedWindow: 8) with
        {
            Sequencer = PosterKey.Address,
            MaxSequencerDriftMs = Lamina.L1.Rollups.Dispute.Derivation.DerivationRules.DefaultMaxSequencerDriftMs,
            ChannelTimeout = Lamina.L1.Rollups.Dispute.Derivation.DerivationRules.DefaultChannelTimeout,
        };
        var world = new RollupHarness(config);
        world.AddL1Block([(TestKeys.Key(0).Address, 10_000), (TestKeys.Key(1).Address, 10_000)], [], []);
        var bob = TestKeys.Addr(0xB0);
        ulong nonce = 0;
        for (var round = 0; round < 3; round++)
        {
            world.RunL2Interval(tick =>
            {
                if ((ulong)tick % 3 != seed % 3) return;
                world.Sequencer.Submit(round == 2 && tick > 6 ? TestKeys.Withdraw(1, bob, 500, 0) : TestKeys.Transfer(0, bob, 3 + (ulong)tick, nonce++));
            });
            world.AddL1Block(round == 1 ? [(TestKeys.Key(2).Address, 700)] : [], [], world.PostBatch());
        }
        world.AddL1Block([], [], world.PostBatch());
        var verifier = world.Derive();
        Assert.Empty(verifier.Rejected);
        Assert.Equal(world.Sequencer.Head.Number, verifier.Safe.Number);
        return (world, verifier);
    }

    /// <summary>
    /// The world's L1 blocks onto the module, at the same heights and times: each height's deposits; the blobs of the
    /// next height's batch as blob transactions (a batch reference names blobs of an earlier block); and the reference
    /// to this height's batch (whose blobs the block before carries), numbered as the world's batches.
    /// </summary>
    private static void Replay(RollupHarness world, ModuleDisputeL1 l1)
    {
        var first = RollupHarness.GenesisHeight;
        for (var h = 1UL; h < first - 1; h++) l1.Post(h * RollupHarness.L1BlockMs, []);
        ulong batch = 0;
        var previous = l1.Post((first - 1) * RollupHarness.L1BlockMs, Blobs(world, first));
        for (var h = first; h < world.NextL1Height; h++)
        {
            var block = world.L1.Get(h);
            var txs = new List<(SigningKey, TxPayload)>();
            foreach (var deposit in block.Deposits) txs.Add((DepositorKey, new RollupDepositPayload(Rollup.Id, deposit.Recipient, deposit.Amount)));
            if (block.Blobs.Count > 0)
            {
                Assert.All(block.Blobs, b => Assert.Equal(batch, b.Location!.Value.Batch));
                var locations = block.Blobs.Select((_, i) => new BlobLocation(h - 1, (uint)i, previous.HeaderFields.DataRoot)).ToArray();
                txs.Add((PosterKey, new RollupBatchPayload(Rollup.Id, batch++, locations)));
            }
            txs.AddRange(Blobs(world, h + 1));
            Assert.Equal(block.TimestampMs, h * RollupHarness.L1BlockMs);
            previous = l1.Post(block.TimestampMs, txs);
        }
        Assert.Equal(batch, RollupLedger.Find(l1.State, Rollup.Id)!.NextBatch);
    }

    private static List<(SigningKey, TxPayload)> Blobs(RollupHarness world, ulong height) => height >= world.NextL1Height ? []
        : [.. world.L1.Get(height).Blobs.Select(b => (PosterKey, (TxPayload)new BlobPayload(RollupNamespace.Of(Rollup.Id), 1_000, b.Data!)))];
}
