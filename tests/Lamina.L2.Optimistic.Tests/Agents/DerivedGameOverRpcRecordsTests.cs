using Lamina.Client.Views;
using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L1.Blobs;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.L1Client;
using Lamina.L2.Optimistic.Tests.Derivation;

namespace Lamina.L2.Optimistic.Tests.Agents;

/// <summary>
/// The challenger role's pieces together, in process: a verifier derives the chain from the batcher's blobs, its
/// <see cref="VerifierAgent.DisputeHistory"/>-style history (<see cref="DerivedChainOutputHistory"/>) opens derived
/// descents from the frames derivation kept, and the game derives lists on L1 from records read the way the
/// challenger reads them over RPC (L1's records as the rollup_* methods write them, back through the client's views
/// into <see cref="RpcRollupRecords"/>). The proposer keeps its list to itself: in its world one transfer was replaced
/// by another its user signed, which the batcher never posted. The challenger, knowing only derivation's list, wins;
/// the control, the same game on the header-list path, is won by the liar.
/// </summary>
public sealed class DerivedGameOverRpcRecordsTests
{
    private static readonly Uri Endpoint = new("http://l1.invalid/");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task The_challenger_beats_a_list_withholding_proposer_with_lists_derived_on_L1_from_RPC_records(int faultRound)
    {
        var (config, rules) = RollupHarness.ForL1Games(sequencingWindow: 8, forcedWindow: 4);
        var honestWorld = new RollupHarness(config);
        var liarStore = new InMemorySmtNodeStore();
        var liarWorld = new RollupHarness(config, store: liarStore);
        var bob = TestKeys.Addr(0xB0);
        foreach (var world in new[] { honestWorld, liarWorld })
        {
            var lying = world == liarWorld;
            world.AddL1Block([(TestKeys.Key(0).Address, 1_000), (TestKeys.Key(1).Address, 1_000)], [], []);
            ulong nonce = 0;
            for (var round = 0; round < 3; round++)
            {
                world.RunL2Interval(tick =>
                {
                    if (tick is < 1 or > 3) return;
                    // The liar's world holds a transfer of 4 where the posted one moved 3: same user, same nonce.
                    var amount = lying && round == faultRound && tick == 2 ? 4UL : 3UL;
                    world.Sequencer.Submit(TestKeys.Transfer(0, bob, amount, nonce++));
                });
                world.AddL1Block(round == 1 ? [(TestKeys.Key(2).Address, 500)] : [], [], world.PostBatch());
            }
        }
        var verifier = honestWorld.Derive();
        Assert.Empty(verifier.Rejected);
        var disputed = verifier.Safe.Number;
        Assert.Equal(disputed, liarWorld.Sequencer.Head.Number);
        var differs = Enumerable.Range(1, (int)disputed).First(n => verifier.GetBlock((ulong)n)!.Hash != liarWorld.Sequencer.GetBlock((ulong)n)!.Hash);
        Assert.Equal(verifier.GetBlock((ulong)differs)!.Header.L1Origin, liarWorld.Sequencer.GetBlock((ulong)differs)!.Header.L1Origin);

        var records = ReadOverRpc(honestWorld).DerivationRecords();
        var l1Rollup = new Lamina.L1.Rollups.RollupConfig(TestKeys.RollupId, TestKeys.ChainId, Hash256.Zero, 1_000_000, 10, config.SequencingWindow, TestKeys.Sequencer);
        var context = DisputeLedger.RuleContext(l1Rollup, records);
        var honestChain = new ChainOutputHistory(verifier.GetBlock, verifier.Store, context, verifier.Inbox.FeesAt);
        var honest = new DerivedChainOutputHistory(honestChain, verifier.GetBlock, verifier.GetRecord, context, verifier.Inbox.FeesAt);
        var liar = new ChainOutputHistory(liarWorld.Sequencer.GetBlock, liarStore, context, verifier.Inbox.FeesAt);
        Assert.NotEqual(honest.OutputRoot(disputed), liar.OutputRoot(disputed));

        // Lists derived on L1: the challenger wins. The control, the same game on the header-list path, the liar wins.
        var (outcome, derived, game, moves) = Play(l1Rollup, records, honest, liar, disputed, rules);
        Assert.Equal(DisputeOutcome.ChallengerWins, outcome);
        Assert.True(derived > 0, "the challenger never descended with a list derived on L1");
        Assert.NotEqual(DisputeOutcome.ChallengerWins, Play(l1Rollup, records, honestChain, liar, disputed, null).Outcome);

        // The challenger rebuilds the game from L1's record as ChallengerAgent does: it reads first only the L1 blocks
        // the descents name, then the ones the replay asked for (the derived blocks' origins and times), until it has all.
        var record = new DisputeGameRecord(TestKeys.RollupId, 1, 0, honest.Output(0)!.Value, disputed, liar.OutputRoot(disputed), TestKeys.Addr(0xC2), 1, 1_000_000, null, 0, moves)
        {
            Derivation = rules,
        };
        var l1 = new RecordsOnlyL1(honestWorld);
        var rebuilt = await ChallengerAgent.RebuildAsync(l1, l1Rollup, record, CancellationToken.None);
        Assert.True(l1.Reads >= 2, $"{l1.Reads} read(s)");
        Assert.Equal(game.ClaimCount, rebuilt.ClaimCount);
        Assert.Equal(game.Resolve(game.LastMoveMs + game.ResolutionBoundMs).Outcome, rebuilt.Resolve(rebuilt.LastMoveMs + rebuilt.ResolutionBoundMs).Outcome);
    }

    /// <summary>An L1 that serves only the records a derived game reads, and only the L1 blocks asked for.</summary>
    private sealed class RecordsOnlyL1(RollupHarness world) : IDisputeL1
    {
        public int Reads { get; private set; }

        public Task<IRollupL1Records> DerivationRecordsAsync(IReadOnlyCollection<ulong> heights, CancellationToken cancellationToken)
        {
            Reads++;
            return Task.FromResult<IRollupL1Records>(ReadOverRpc(world, [.. heights]).DerivationRecords());
        }

        public Task<IRollupL1Records> RecordsAsync(IReadOnlyCollection<ulong> origins, CancellationToken cancellationToken) => throw new NotSupportedException("a derived game reads the derivation records");
        public Task<ulong> HeadTimeMsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<RollupOutputRecord>> OutputsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<DisputeGameRecord?> GameAsync(ulong outputIndex, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task SendAsync(Lamina.L1.Transactions.TxPayload payload, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private static (DisputeOutcome Outcome, int Derived, OutputDisputeGame Game, List<DisputeMoveEntry> Moves) Play(Lamina.L1.Rollups.RollupConfig l1Rollup, IRollupL1Records records, IOutputHistory honest, IOutputHistory liar,
        ulong disputed, DerivationRules? rules)
    {
        Address challenger = TestKeys.Addr(0xC1), proposer = TestKeys.Addr(0xC2);
        var now = 1_000_000UL;
        var game = OutputDisputeGame.ForRollup(l1Rollup, records, honest.Output(0)!.Value, disputed, liar.OutputRoot(disputed), proposer, now, rules);
        var (derived, refused, bonded) = (0, 0, UInt128.Zero);
        var moves = new List<DisputeMoveEntry>();
        for (var round = 0; round < 400; round++)
        {
            var made = 0;
            foreach (var (move, bond) in DisputeSolver.NextMoves(game, honest, challenger, counterFreeloaders: true))
            {
                game.Apply(move, challenger, bond, now);
                moves.Add(new DisputeMoveEntry(challenger, bond, now, move.Encode()));
                if (move.IsDerive) derived++;
                bonded += bond;
                made++;
            }
            now += 1_000;
            foreach (var (move, bond) in DisputeSolver.NextMoves(game, liar, proposer))
            {
                try
                {
                    game.Apply(move, proposer, bond, now);
                    moves.Add(new DisputeMoveEntry(proposer, bond, now, move.Encode()));
                    made++;
                }
                catch (InvalidDisputeMoveException)
                {
                    refused++; // the header-list path, refused in a game that derives lists (or a lie L1 catches)
                }
            }
            now += 1_000;
            if (made == 0) break;
        }
        var resolution = game.Resolve(now + game.ResolutionBoundMs);
        if (resolution.Outcome == DisputeOutcome.ChallengerWins)
            Assert.True(resolution.PaidTo(challenger) >= bonded, $"the challenger bonded {bonded} and was paid {resolution.PaidTo(challenger)} ({refused} of the liar's moves refused)");
        return (resolution.Outcome, derived, game, moves);
    }

    /// <summary>L1's records of the harness's L1 blocks, written as the rollup_* RPC methods write them and read back through the client's views.</summary>
    private static RpcRollupRecords ReadOverRpc(RollupHarness world, HashSet<ulong>? l1Blocks = null)
    {
        var records = new RpcRollupRecords();
        ulong batch = 0;
        for (var h = RollupHarness.GenesisHeight; h < world.NextL1Height; h++)
        {
            var block = world.L1.Get(h);
            foreach (var d in block.Deposits)
                records.Add(RollupDepositView.Read(Read(RollupJson.Deposit(new RollupDepositRecord(TestKeys.RollupId, d.Index, TestKeys.Addr(0x01), d.Recipient, d.Amount, h)))));
            foreach (var f in block.Forced)
            {
                var bytes = f.Item.Kind == OptimisticTxKind.Transfer ? f.Item.ToTransfer().Encode() : f.Item.ToWithdrawal().Encode();
                var record = new RollupForcedRecord(TestKeys.RollupId, f.Index, TestKeys.Addr(0x01), (byte)f.Item.Kind, bytes, h, block.TimestampMs);
                records.Add(RollupForcedTransactionView.Read(Read(RollupJson.Forced(record, default))));
            }
            if (block.Blobs.Count > 0)
            {
                var locations = block.Blobs.Select((_, i) => new BlobLocation(h, (uint)i, Hash256.Zero)).ToArray();
                var commitments = block.Blobs.Select(b => BlobCommitment.Of(b.Data!)).ToArray();
                records.Add(RollupBatchView.Read(Read(RollupJson.Batch(new RollupBatchRecord(TestKeys.RollupId, batch++, locations, h), commitments))));
            }
            if (l1Blocks is null || l1Blocks.Contains(h)) records.AddL1Block(h, block.BlobBaseFee, block.TimestampMs);
        }
        return records;
    }

    private static ViewReader Read(System.Text.Json.Nodes.JsonObject json) =>
        ViewReader.Of(System.Text.Json.Nodes.JsonNode.Parse(json.ToJsonString()), "rollup_get", Endpoint);
}
