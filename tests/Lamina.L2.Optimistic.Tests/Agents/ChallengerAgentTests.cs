using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Tests.Agents;

/// <summary>
/// The challenger against a proposer whose state goes wrong at a block: it sees the wrong output, opens the game,
/// plays it to the end against the liar (who plays the same solver on its own history) and resolves it; restarted
/// mid-game (a new agent) it carries on from L1's record. L1 is an in-memory stand-in that applies each dispute
/// transaction with the game's own rules at its time, one second per round.
/// </summary>
public sealed class ChallengerAgentTests
{
    private static readonly RollupConfig Rollup = new(TestKeys.RollupId, TestKeys.ChainId, Hash256.Zero, 1_000_000, 10, 5, TestKeys.Sequencer);
    private static readonly Address Me = TestKeys.Addr(0xC4), Liar = TestKeys.Addr(0xC3);

    [Fact]
    public async Task The_challenger_finds_the_wrong_output_plays_the_game_through_a_restart_and_wins()
    {
        var (history, blocks) = ChallengerFaultTests.Chain();
        var lying = new LyingHistory(history, 2);
        var l1 = new MemoryL1(Me);
        l1.Outputs.Add(new RollupOutputRecord(Rollup.Id, 0, 0, blocks[0].Header.Output.Root, default, 0, 0, 0, OutputStatus.Finalized));
        l1.Outputs.Add(new RollupOutputRecord(Rollup.Id, 1, 3, lying.OutputRoot(3), Liar, Rollup.ProposerBond, 1, l1.NowMs, OutputStatus.Proposed));
        var agent = new ChallengerAgent(l1, history, () => 3, Rollup, Me);
        for (var round = 0; round < 200 && l1.Game?.Outcome is null; round++)
        {
            if (round == 20) agent = new ChallengerAgent(l1, history, () => 3, Rollup, Me);
            var moved = await agent.TickAsync(CancellationToken.None);
            l1.NowMs += 1_000;
            if (l1.Game is { } record) moved += l1.Play(record, lying, Liar);
            // Nobody moved: let L1 time run towards the clocks' end.
            if (moved == 0) l1.NowMs += 30_000;
        }
        Assert.Equal(DisputeOutcome.ChallengerWins, l1.Game!.Outcome);
        Assert.Contains(l1.Game.Moves, m => m.Mover == Me && DisputeMove.Decode(m.Move).Kind is DisputeMoveKind.DescendAttack or DisputeMoveKind.DescendDefend);
        Assert.Equal(0, l1.Refused);
    }

    /// <summary>
    /// The wrong-root fault's defence (the devnet's liar): the proposer's one wrong output (block 3's state root flipped,
    /// as <see cref="Proposer"/> posts it), defended with the solver over <see cref="LyingOutputHistory"/>. The liar
    /// contests every level, so the honest challenger must bisect the blocks and the block's execution to the bottom;
    /// it still wins, and none of its moves is refused.
    /// </summary>
    [Fact]
    public async Task The_wrong_root_liar_defends_its_lie_down_every_level_and_loses()
    {
        var (history, blocks) = ChallengerFaultTests.Chain();
        var truth = blocks[3].Header.Output;
        var flipped = truth.StateRoot.ToArray();
        flipped[0] ^= 0xFF;
        var lie = truth with { StateRoot = new Hash256(flipped) };
        var lying = new LyingOutputHistory(n => n < (ulong)blocks.Count ? blocks[(int)n] : null, () => lie);
        Assert.Equal(history.OutputRoot(2), lying.OutputRoot(2));
        Assert.Equal(lie.Root, lying.OutputRoot(3));
        Assert.Equal(history.Point(2, 0), lying.Point(2, 0));
        Assert.NotEqual(history.Final(3), lying.Final(3));

        var l1 = new MemoryL1(Me);
        l1.Outputs.Add(new RollupOutputRecord(Rollup.Id, 0, 0, blocks[0].Header.Output.Root, default, 0, 0, 0, OutputStatus.Finalized));
        l1.Outputs.Add(new RollupOutputRecord(Rollup.Id, 1, 3, lie.Root, Liar, Rollup.ProposerBond, 1, l1.NowMs, OutputStatus.Proposed));
        var agent = new ChallengerAgent(l1, history, () => 3, Rollup, Me);
        var liarMoves = 0;
        for (var round = 0; round < 300 && l1.Game?.Outcome is null; round++)
        {
            var moved = await agent.TickAsync(CancellationToken.None);
            l1.NowMs += 1_000;
            if (l1.Game is { } record)
            {
                var made = l1.Play(record, lying, Liar);
                liarMoves += made;
                moved += made;
            }
            if (moved == 0) l1.NowMs += 30_000;
        }
        Assert.Equal(DisputeOutcome.ChallengerWins, l1.Game!.Outcome);
        Assert.Equal(0, l1.Refused);
        var game = l1.Game.Rebuild(Rollup, MemoryL1.Records);
        // The liar answered at every other level of both (the challenger at the rest): every depth holds a claim.
        Assert.Equal(game.Config.BlockDepth / 2 + game.Config.Execution.MaxDepth / 2, liarMoves);
        Assert.Equal(game.Config.BlockDepth + 1, game.Blocks.Claims.Select(c => c.Position.Depth).Distinct().Count());
        Assert.Single(game.Subgames);
        Assert.Contains(game.Subgames[0].Game.Claims, c => c.Position.Depth == game.Config.Execution.MaxDepth);
    }

    /// <summary>The liar's history: from block <paramref name="from"/> on, wrong state roots, no preimages, no proofs.</summary>
    private sealed class LyingHistory(IOutputHistory honest, ulong from) : IOutputHistory
    {
        private static Hash256 Wrong(ulong n) => DomainHasher.Hash(new DomainTag("lamina/test/lying-history"), BitConverter.GetBytes(n));

        public Hash256 OutputRoot(ulong block) => block >= from ? Wrong(block) : honest.OutputRoot(block);
        public OptimisticOutput? Output(ulong block) => block >= from ? null : honest.Output(block);
        public byte[]? Header(ulong block) => block >= from ? null : honest.Header(block);
        public ExecutionPoint? Point(ulong block, ulong traceIndex) => block >= from ? honest.Point(block, traceIndex)!.Value with { StateRoot = Wrong(1_000 + block * 100 + traceIndex) } : honest.Point(block, traceIndex);
        public ulong Origin(ulong block) => honest.Origin(block);
        public ExecutionPoint Final(ulong block) => block >= from ? honest.Final(block) with { StateRoot = Wrong(block) } : honest.Final(block);
        public StepProof? ProofFrom(ulong block, ExecutionPoint pre) => block >= from ? null : honest.ProofFrom(block, pre);
    }

    /// <summary>L1 in memory: the outputs, one game, and each dispute transaction applied with the game's rules.</summary>
    private sealed class MemoryL1(Address sender) : IDisputeL1
    {
        public List<RollupOutputRecord> Outputs { get; } = [];
        public DisputeGameRecord? Game { get; private set; }
        public ulong NowMs { get; set; } = 1_000_000;
        public int Refused { get; private set; }

        public Task<ulong> HeadTimeMsAsync(CancellationToken cancellationToken) => Task.FromResult(NowMs);
        public Task<IReadOnlyList<RollupOutputRecord>> OutputsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<RollupOutputRecord>>([.. Outputs]);
        /// <summary>L1's records: the one deposit block 1 credits, and the blob base fee of the blocks' origin (10).</summary>
        public static readonly IRollupL1Records Records = new L1RecordList([new L2Deposit(0, TestKeys.Key(0).Address, 500)], new Dictionary<ulong, ulong> { [10] = 0 });

        public Task<IRollupL1Records> RecordsAsync(IReadOnlyCollection<ulong> origins, CancellationToken cancellationToken) => Task.FromResult(Records);

        public Task<DisputeGameRecord?> GameAsync(ulong outputIndex, CancellationToken cancellationToken) => Task.FromResult(Game?.OutputIndex == outputIndex ? Game : null);

        public Task SendAsync(TxPayload payload, CancellationToken cancellationToken)
        {
            try
            {
                Apply(payload, sender);
            }
            catch (InvalidDisputeMoveException)
            {
                Refused++;
            }
            return Task.CompletedTask;
        }

        /// <summary>The liar's turn: its solver's moves on the game as L1 holds it.</summary>
        public int Play(DisputeGameRecord record, IOutputHistory view, Address mover)
        {
            var made = 0;
            if (record.Outcome is not null) return 0;
            foreach (var (move, bond) in DisputeSolver.NextMoves(record.Rebuild(Rollup, Records), view, mover))
            {
                try
                {
                    Apply(new DisputeMovePayload(Rollup.Id, record.OutputIndex, bond, move), mover);
                    made++;
                }
                catch (InvalidDisputeMoveException)
                {
                    // The liar cannot make every move it wants.
                }
            }
            return made;
        }

        private void Apply(TxPayload payload, Address from)
        {
            switch (payload)
            {
                case DisputeCreatePayload create:
                    var output = Outputs[(int)create.OutputIndex];
                    var record = new DisputeGameRecord(Rollup.Id, output.Index, 0, create.Anchor, output.L2BlockNumber, output.OutputRoot, output.Proposer, 1, NowMs, null, 0,
                        [new DisputeMoveEntry(from, create.Bond, NowMs, DisputeMove.Attack(0, create.Commitment).Encode())]);
                    record.Rebuild(Rollup, Records);
                    Game = record;
                    Outputs[(int)output.Index] = output with { Status = OutputStatus.Disputed };
                    break;
                case DisputeMovePayload move:
                    var next = Game! with { Moves = [.. Game!.Moves, new DisputeMoveEntry(from, move.Bond, NowMs, move.Move.Encode())] };
                    next.Rebuild(Rollup, Records);
                    Game = next;
                    break;
                case DisputeResolvePayload:
                    Game = Game! with { Outcome = Game.Rebuild(Rollup, Records).Resolve(NowMs).Outcome, ResolvedHeight = 2 };
                    break;
            }
        }
    }
}
