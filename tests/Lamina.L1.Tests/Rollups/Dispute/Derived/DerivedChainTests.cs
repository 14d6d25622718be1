using Lamina.L1.Blobs;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests.Rollups.Dispute.Derived;

/// <summary>
/// Lists derived on L1 through the real block executor: the rollup's blocks are posted as the batcher posts them
/// (deposits and a forced transaction on L1, each block's channel as blob transactions, then a batch reference), the
/// rollups module runs with <c>derivedLists</c> and records the blobs' commitments and L1 times, and a proposer that
/// keeps its list to itself is challenged by a party that knows only derivation's list: every derived descent is an L1
/// transaction checked against L1's records, and the lying output is replaced with its bonds paid to the challenger.
/// </summary>
public sealed class DerivedChainTests
{
    internal const int HonestKey = 4, LiarKey = 3, AnyoneKey = 5, DepositorKey = 6, PosterKey = 1;

    /// <summary>Replays <paramref name="rollup"/>'s L1 side onto <paramref name="kit"/>: one L1 block per height, 1 s apart.</summary>
    internal static void PostToL1(RollupKit kit, DerivedRollup rollup, int blocks)
    {
        var records = rollup.Records;
        var posted = new Dictionary<ulong, BlobLocation[]>();
        for (var h = 1UL; h <= (ulong)blocks + 2; h++)
        {
            var txs = new List<Lamina.L1.Transactions.Transaction>();
            foreach (var deposit in records.Deposits.Where(d => d.Height == h)) txs.Add(kit.Deposit(DepositorKey, deposit.Recipient, deposit.Amount));
            foreach (var forced in records.ForcedQueue.Where(f => f.Height == h))
                txs.Add(kit.Tx(DepositorKey, new RollupForceIncludePayload(RollupKit.Id, (byte)OptimisticTxKind.Transfer, forced.Transaction.Transfer!.Encode())));
            // Block h − 1's channel as blobs in this block; block h − 2's batch (blobs one block back) referenced here.
            var blobBlock = h - 1;
            var blobs = blobBlock >= 1 && blobBlock <= (ulong)blocks ? records.Batches[(int)rollup.BatchOf(blobBlock)].Blobs : [];
            foreach (var blob in blobs) txs.Add(kit.Tx(PosterKey, new BlobPayload(RollupKit.RollupNs, 1_000, blob), 30_000));
            if (h >= 3 && posted.TryGetValue(h - 2, out var locations))
                txs.Add(kit.Tx(PosterKey, new RollupBatchPayload(RollupKit.Id, rollup.BatchOf(h - 2), locations)));
            var run = kit.Block(1_000, [.. txs]);
            if (blobs.Length > 0) posted[blobBlock] = [.. blobs.Select((_, i) => new BlobLocation(h, (uint)i, run.HeaderFields.DataRoot))];
        }
        Assert.Equal((ulong)blocks, kit.Rollup.NextBatch);
    }

    /// <summary>A game on L1 between the honest challenger and a liar who proposed <see cref="Blocks"/>' output, just opened.</summary>
    internal sealed record ChainGame(RollupKit Kit, DerivedRollup Honest, ulong Disputed, OutputDisputeGame Shadow, OutputPlayer[] Players, List<PlayedMove> Log);

    internal const int Blocks = 4;

    /// <summary>
    /// The honest chain posted to L1, block 1's honest output finalized, the liar's output for block 4 proposed and
    /// disputed by the honest challenger; <see cref="ChainGame.Shadow"/> is the game both players play on, as L1 does.
    /// </summary>
    internal static ChainGame Open(ulong seed = 11, int faultBlock = 3)
    {
        var kit = new RollupKit(derivedLists: true);
        var honest = DerivedRollup.Build(Blocks, seed, DisputeLedger.RuleContext(RollupKit.Config), GenesisTimeMs, postDelay: 2);
        var liar = ListWithholdingTests.LyingChain(honest, fault: 0, faultBlock);
        PostToL1(kit, honest, Blocks);
        kit.Block(1_000, kit.Output(HonestKey, 1, honest.OutputRoot(1)));
        kit.Block(RollupKit.WindowSeconds * 1_000 + 1);
        kit.Block(1_000, kit.Output(LiarKey, Blocks, liar.OutputRoot(Blocks)));
        var disputed = kit.Rollup.NextOutput - 1;
        var log = new List<PlayedMove>();
        var at = kit.TimeMs + 1_000;
        var shadow = OutputDisputeGame.ForRollup(RollupKit.Config, new StateRollupRecords(kit.State, RollupKit.Id), honest.Output(1)!.Value, Blocks, liar.OutputRoot(Blocks), Addr(LiarKey), at,
            Lamina.L1.Rollups.Dispute.Derivation.DerivationRules.ForRollup(RollupKit.Config, kit.Rollup.RegisteredAtHeight));
        var challenger = new OutputPlayer(shadow, honest, Addr(HonestKey), true, log);
        var proposer = new OutputPlayer(shadow, liar, Addr(LiarKey), false, log);
        Assert.Equal(1, challenger.Respond(at));
        kit.Block(1_000, kit.Tx(HonestKey, new DisputeCreatePayload(RollupKit.Id, disputed, honest.Output(1)!.Value, log[0].Move.Commitment, log[0].Bond)));
        return new ChainGame(kit, honest, disputed, shadow, [challenger, proposer], log);
    }

    /// <summary>
    /// Plays the game out, one L1 block per player's turn; <paramref name="after"/> sees each turn's moves and returns
    /// more transactions for the same block (already applied to the shadow game). Returns the moves L1 was sent.
    /// </summary>
    internal static void PlayOut(ChainGame game, Func<IReadOnlyList<PlayedMove>, Lamina.L1.Transactions.Transaction[]>? after = null)
    {
        var kit = game.Kit;
        for (var round = 0; round < 400; round++)
        {
            var made = 0;
            foreach (var player in game.Players)
            {
                var before = game.Log.Count;
                made += player.Respond(kit.TimeMs + 1_000);
                var turn = game.Log.Skip(before).ToList();
                var txs = turn.Select(m => kit.Tx(m.Mover == Addr(HonestKey) ? HonestKey : LiarKey, new DisputeMovePayload(RollupKit.Id, game.Disputed, m.Bond, m.Move), 400_000)).ToList();
                if (after is not null) txs.AddRange(after(turn));
                kit.Block(1_000, [.. txs]);
            }
            if (made == 0) break;
        }
    }

    [Fact]
    public void A_proposer_keeping_its_list_to_itself_loses_on_L1_to_derivation()
    {
        var (kit, honest, disputed, shadow, players, log) = Open();
        const int blocks = Blocks;
        // L1 recorded exactly the commitments the batcher's blobs have, per batch, and each block's time.
        var records = new StateRollupRecords(kit.State, RollupKit.Id);
        for (var b = 1UL; b <= blocks; b++)
        {
            Assert.Equal(honest.Records.Batch(honest.BatchOf(b))!.Commitments, records.Batch(honest.BatchOf(b))!.Commitments);
            Assert.Equal(honest.Records.TimeAt(b), records.L1TimeAt(b));
            // rollup_getBatches answers them as the batch's "commitments" (what a challenger reads over RPC).
            var batchJson = RollupJson.Batch(kit.State, RollupLedger.FindBatch(kit.State, RollupKit.Id, honest.BatchOf(b))!);
            Assert.Equal(records.Batch(honest.BatchOf(b))!.Commitments.Select(c => c.ToString()), batchJson["commitments"]!.AsArray().Select(c => c!.GetValue<string>()));
        }
        Assert.NotNull(DisputeLedger.Find(kit.State, RollupKit.Id, disputed)!.Derivation);
        PlayOut(new ChainGame(kit, honest, disputed, shadow, players, log));
        Assert.Contains(log, m => m.Move.IsDerive && m.Mover == Addr(HonestKey));

        kit.Block(shadow.ResolutionBoundMs);
        var balances = players.Select(p => kit.Balance(p.Address)).ToArray();
        kit.Block(1_000, kit.Tx(AnyoneKey, new DisputeResolvePayload(RollupKit.Id, disputed)));
        var record = DisputeLedger.Find(kit.State, RollupKit.Id, disputed)!;
        Assert.Equal(log.Count, record.Moves.Count);
        var resolution = shadow.Resolve(kit.TimeMs);
        Assert.Equal(DisputeOutcome.ChallengerWins, record.Outcome);
        Assert.Equal(OutputStatus.Replaced, RollupLedger.FindOutput(kit.State, RollupKit.Id, disputed)!.Status);
        for (var i = 0; i < players.Length; i++) Assert.Equal(balances[i] + resolution.PaidTo(players[i].Address), kit.Balance(players[i].Address));
        Assert.True(resolution.PaidTo(Addr(HonestKey)) >= players[0].Bonded + RollupKit.Bond, "the challenger was not paid the liar's bonds");
        Assert.Equal(UInt128.Zero, kit.Balance(RollupAccounts.BondVault(RollupKit.Id)));
        // dispute_get's view of the game shows it derives lists, and from which batch.
        var json = DisputeJson.Game(record, RollupKit.Config, records, kit.TimeMs);
        Assert.True(json["derivedLists"]!.GetValue<bool>());
        Assert.Contains(json["descents"]!.AsArray(), d => d!["derivedFrom"] is not null);
    }
}
