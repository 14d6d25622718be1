using Lamina.Core;
using Lamina.L1.Modules;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Transactions;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests.Rollups.Dispute;

/// <summary>
/// The game on L1, through the real block executor: every move a transaction from the player's key, bonds debited to
/// the rollup's vault and paid out on resolution, clocks in header time, and the output's status following the game.
/// The players run the solver on a shadow game; the test checks L1's copy, rebuilt from its record, agrees.
/// </summary>
public sealed class DisputeChainTests
{
    private const int HonestKey = 4, LiarKey = 3, AnyoneKey = 5;

    private sealed class Scenario
    {
        public RollupKit Kit { get; } = new();
        public ChainKit Chain { get; } = new(4, 9, DisputeLedger.RuleContext(RollupKit.Config));
        public List<PlayedMove> Log { get; } = [];
        public OutputDisputeGame Shadow { get; private set; } = null!;
        public ulong Disputed { get; private set; }

        /// <summary>Output 1 (block 1) finalized as the anchor, then output 2 for block 4 posted by <paramref name="proposerKey"/>.</summary>
        public void Propose(int proposerKey, Hash256 root)
        {
            Kit.Block(1_000, Kit.Output(HonestKey, 1, Chain.OutputRoot(1)));
            Kit.Block(RollupKit.WindowSeconds * 1_000 + 1);
            Kit.Block(1_000, Kit.Output(proposerKey, 4, root));
            Disputed = Kit.Rollup.NextOutput - 1;
        }

        /// <summary>Opens the game: the challenger's first answer to the root, computed on the shadow, is the create transaction's claim.</summary>
        public void Open(Func<OutputDisputeGame, OutputPlayer> challengerOf, Func<OutputDisputeGame, OutputPlayer> opponentOf)
        {
            var output = RollupLedger.FindOutput(Kit.State, RollupKit.Id, Disputed)!;
            var at = Kit.TimeMs + 1_000;
            Shadow = OutputDisputeGame.ForRollup(RollupKit.Config, new StateRollupRecords(Kit.State, RollupKit.Id), Chain.Output(1)!.Value,
                output.L2BlockNumber, output.OutputRoot, output.Proposer, at);
            var challenger = challengerOf(Shadow);
            Assert.Equal(1, challenger.Respond(at));
            var first = Log[0];
            Kit.Block(1_000, Kit.Tx(KeyOf(first.Mover), new DisputeCreatePayload(RollupKit.Id, Disputed, Chain.Output(1)!.Value, first.Move.Commitment, first.Bond)));
            Assert.Equal(OutputStatus.Disputed, RollupLedger.FindOutput(Kit.State, RollupKit.Id, Disputed)!.Status);
            Players = [challenger, opponentOf(Shadow)];
        }

        public OutputPlayer[] Players { get; private set; } = [];

        /// <summary>Each round one player answers on the shadow at the next block's time and its moves go to L1 in that block.</summary>
        public void PlayOut()
        {
            for (var round = 0; round < 400; round++)
            {
                var made = 0;
                foreach (var player in Players)
                {
                    var before = Log.Count;
                    made += player.Respond(Kit.TimeMs + 1_000);
                    var txs = Log.Skip(before).Select(m => Kit.Tx(KeyOf(m.Mover), new DisputeMovePayload(RollupKit.Id, Disputed, m.Bond, m.Move))).ToArray();
                    Kit.Block(1_000, txs);
                }
                if (made == 0) return;
            }
            Assert.Fail("the game did not end");
        }

        /// <summary>Resolves on L1 after the bound; L1 pays each player exactly what the shadow's resolution says.</summary>
        public DisputeResolution Resolve()
        {
            Kit.Block(Shadow.ResolutionBoundMs);
            var before = Players.Select(p => Kit.Balance(p.Address)).ToArray();
            Kit.Block(1_000, Kit.Tx(AnyoneKey, new DisputeResolvePayload(RollupKit.Id, Disputed)));
            var record = DisputeLedger.Find(Kit.State, RollupKit.Id, Disputed)!;
            Assert.Equal(Log.Count, record.Moves.Count);
            var resolution = Shadow.Resolve(Kit.TimeMs);
            Assert.Equal(resolution.Outcome, record.Outcome);
            for (var i = 0; i < Players.Length; i++) Assert.Equal(before[i] + resolution.PaidTo(Players[i].Address), Kit.Balance(Players[i].Address));
            Assert.Equal(UInt128.Zero, Kit.Balance(RollupAccounts.BondVault(RollupKit.Id)));
            return resolution;
        }

        private static int KeyOf(Address address) => address == Addr(HonestKey) ? HonestKey : LiarKey;
    }

    [Fact]
    public void A_wrong_output_loses_on_L1_is_replaced_and_the_honest_output_takes_its_place()
    {
        var s = new Scenario();
        var lying = new LyingChain(s.Chain, 3);
        s.Propose(LiarKey, lying.OutputRoot(4));
        s.Open(g => new OutputPlayer(g, s.Chain, Addr(HonestKey), true, s.Log), g => new OutputPlayer(g, lying, Addr(LiarKey), false, s.Log));
        s.PlayOut();
        // 37 levels in all: the challenger's claims sit at the odd depths, so the bottom claim of the block's execution
        // is the challenger's and only a step could counter it, which the liar cannot build.
        Assert.Contains(s.Log, m => m.Move.Kind is DisputeMoveKind.DescendAttack or DisputeMoveKind.DescendDefend);
        Assert.Contains(Enumerable.Range(0, s.Shadow.ClaimCount), g => s.Shadow.Locate(g).Subgame >= 0
            && s.Shadow.Claim(g).Position.Depth == s.Shadow.Config.Execution.MaxDepth && s.Shadow.Claim(g).Claimant == Addr(HonestKey));
        var resolution = s.Resolve();

        Assert.Equal(DisputeOutcome.ChallengerWins, DisputeLedger.Find(s.Kit.State, RollupKit.Id, s.Disputed)!.Outcome);
        Assert.Equal(OutputStatus.Replaced, RollupLedger.FindOutput(s.Kit.State, RollupKit.Id, s.Disputed)!.Status);
        // The challenger gets back every bond it locked, plus the proposer's bond and the liar's countered claims.
        var honest = s.Players[0];
        Assert.True(resolution.PaidTo(honest.Address) >= honest.Bonded + RollupKit.Bond, "the challenger was not paid the liar's bonds");
        Assert.True(resolution.PaidTo(Addr(LiarKey)) < s.Players[1].Bonded, "the liar kept its bonds");
        // The RPC view of the game (dispute_get) is rebuilt from L1's record.
        var json = DisputeJson.Game(DisputeLedger.Find(s.Kit.State, RollupKit.Id, s.Disputed)!, RollupKit.Config, new StateRollupRecords(s.Kit.State, RollupKit.Id), s.Kit.TimeMs);
        Assert.Equal("challengerWins", json["status"]!.GetValue<string>());
        Assert.Equal(s.Shadow.ClaimCount, json["claims"]!.AsArray().Count);
        Assert.True(json["claims"]![0]!["countered"]!.GetValue<bool>());
        Assert.NotEmpty(json["descents"]!.AsArray());
        Assert.Equal(s.Chain.OutputRoot(4).ToString(), json["claims"]![1]!["commitment"]!.GetValue<string>());
        Assert.Equal(1UL, s.Kit.Rollup.LastOutputL2Block);
        // The honest sequence continues: the same L2 block can be proposed again, and it finalizes.
        s.Kit.Block(1_000, s.Kit.Output(HonestKey, 4, s.Chain.OutputRoot(4)));
        s.Kit.Block(RollupKit.WindowSeconds * 1_000 + 1);
        Assert.Equal(OutputStatus.Finalized, RollupLedger.FindOutput(s.Kit.State, RollupKit.Id, s.Disputed + 1)!.Status);
    }

    [Fact]
    public void An_honest_output_survives_a_lying_challenger_and_finalizes()
    {
        var s = new Scenario();
        var lying = new LyingChain(s.Chain, 2);
        s.Propose(HonestKey, s.Chain.OutputRoot(4));
        s.Open(g => new OutputPlayer(g, lying, Addr(LiarKey), false, s.Log), g => new OutputPlayer(g, s.Chain, Addr(HonestKey), true, s.Log));
        s.PlayOut();
        // Here the liar's claims are at the odd depths: the honest proposer steps against its bottom claim on L1.
        Assert.Contains(s.Log, m => m.Move.IsStep && m.Mover == Addr(HonestKey));
        var resolution = s.Resolve();
        Assert.True(resolution.PaidTo(Addr(HonestKey)) >= s.Players[1].Bonded + RollupKit.Bond, "the proposer lost bond");
        Assert.Equal(DisputeOutcome.DefenderWins, DisputeLedger.Find(s.Kit.State, RollupKit.Id, s.Disputed)!.Outcome);
        Assert.Equal(OutputStatus.Finalized, RollupLedger.FindOutput(s.Kit.State, RollupKit.Id, s.Disputed)!.Status);
        Assert.Equal(UInt128.Zero, resolution.PaidTo(Addr(LiarKey)));
        // rollup_getGame's play view: every move as played, the step with L1's verdict, the bonds as the game paid them.
        var json = DisputeJson.Game(DisputeLedger.Find(s.Kit.State, RollupKit.Id, s.Disputed)!, RollupKit.Config, new StateRollupRecords(s.Kit.State, RollupKit.Id), s.Kit.TimeMs);
        var moves = json["moveLog"]!.AsArray();
        Assert.Equal(s.Log.Select(m => (DisputePlayJson.KindName(m.Move.Kind), m.Mover.ToString(), m.Bond.ToString())),
            moves.Select(m => (m!["kind"]!.GetValue<string>(), m["mover"]!.GetValue<string>(), m["bond"]!.GetValue<string>())));
        var step = Assert.Single(moves, m => m!["step"] is not null)!;
        Assert.Equal("defender", step["side"]!.GetValue<string>());
        var verdict = step["step"]!;
        Assert.Equal(Addr(LiarKey).ToString(), verdict["counteredClaimant"]!.GetValue<string>());
        Assert.NotEqual(verdict["claimedCommitment"]!.GetValue<string>(), verdict["l1PostCommitment"]!.GetValue<string>());
        Assert.Equal(json["claims"]![verdict["counteredClaim"]!.GetValue<int>()]!["claimant"]!.GetValue<string>(), verdict["counteredClaimant"]!.GetValue<string>());
        foreach (var party in json["bonds"]!.AsArray())
            Assert.Equal(resolution.PaidTo(Address.Parse(party!["address"]!.GetValue<string>())).ToString(), party["paid"]!.GetValue<string>());
        Assert.Null(json["clocks"]!["running"]);
    }

    [Fact]
    public void Disputes_outside_the_rules_are_refused_with_typed_errors()
    {
        var s = new Scenario();
        s.Propose(LiarKey, DisputeKit.Garbage(5));
        var config = OutputGameConfig.ForRollup(RollupKit.Config);
        var anchor = s.Chain.Output(1)!.Value;
        Assert.Equal(DisputeError.OpeningMismatch, Refused(s.Kit, s.Kit.Tx(HonestKey, new DisputeCreatePayload(RollupKit.Id, s.Disputed, s.Chain.Output(2)!.Value, s.Chain.OutputRoot(4), config.BondAt(1)))));
        Assert.Equal(DisputeError.BondMismatch, Refused(s.Kit, s.Kit.Tx(HonestKey, new DisputeCreatePayload(RollupKit.Id, s.Disputed, anchor, s.Chain.OutputRoot(4), config.BondAt(1) + 1))));
        Assert.Equal(DisputeError.NoGame, Refused(s.Kit, s.Kit.Tx(HonestKey, new DisputeResolvePayload(RollupKit.Id, s.Disputed))));
        s.Kit.Block(1_000, s.Kit.Tx(HonestKey, new DisputeCreatePayload(RollupKit.Id, s.Disputed, anchor, s.Chain.OutputRoot(4), config.BondAt(1))));
        Assert.Equal(DisputeError.NotDisputable, Refused(s.Kit, s.Kit.Tx(AnyoneKey, new DisputeCreatePayload(RollupKit.Id, s.Disputed, anchor, s.Chain.OutputRoot(4), config.BondAt(1)))));
        Assert.Equal(DisputeError.NotResolvable, Refused(s.Kit, s.Kit.Tx(AnyoneKey, new DisputeResolvePayload(RollupKit.Id, s.Disputed))));
        Assert.Equal(DisputeError.DuplicateClaim, Refused(s.Kit, s.Kit.Tx(AnyoneKey, new DisputeMovePayload(RollupKit.Id, s.Disputed, config.BondAt(1), DisputeMove.Attack(0, s.Chain.OutputRoot(4))))));
        Assert.Equal(DisputeError.BondMismatch, Refused(s.Kit, s.Kit.Tx(LiarKey, new DisputeMovePayload(RollupKit.Id, s.Disputed, 1, DisputeMove.Attack(1, DisputeKit.Garbage(6))))));
        // The disputed output does not finalize by time while its game is open.
        s.Kit.Block(RollupKit.WindowSeconds * 1_000 + 1);
        Assert.Equal(OutputStatus.Disputed, RollupLedger.FindOutput(s.Kit.State, RollupKit.Id, s.Disputed)!.Status);
    }

    private static DisputeError Refused(RollupKit kit, Transaction tx)
    {
        var before = kit.State.Root;
        var context = new BlockContext(ChainId, kit.Height + 1, kit.TimeMs + 1_000, ValidatorKey.Address, BaseFee, []);
        var e = Assert.Throws<DisputeRejectedException>(() => kit.Executor.ApplyInBlock(kit.State, tx, context, 0));
        Assert.Equal(TxRejectReason.RollupRejected, e.Reason);
        Assert.Equal(before, kit.State.Commit());
        kit.ForgetNonce(tx);
        return e.Error;
    }
}
