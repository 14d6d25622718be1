using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L1.Transactions;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests.Rollups.Dispute.Derived;

/// <summary>
/// Issue 14's replay cost: L1 derives each derived descent's list once, when it applies the move (paid by that move's
/// gas), and stores the result in the game record; every later move, the mempool's step check and the resolution
/// replay it from the result, with no blob read and no decompression. A griefer who adds derived descents to a game
/// cannot make later moves re-derive them, and no player can write a result: only L1 stores one, for its own move.
/// </summary>
public sealed class StoredDerivationTests
{
    private const int GrieferKey = DerivedChainTests.AnyoneKey, Griefs = 3, CheapMoves = 12;

    private sealed record Played(DerivedChainTests.ChainGame Game, (DisputeError Stored, DisputeError Stripped) StepChecks, Dictionary<ulong, BatchCommitmentsRecord> Commitments);

    /// <summary>
    /// The chain game of <see cref="DerivedChainTests"/>, with a griefer copying the challenger's derived descent
    /// <see cref="Griefs"/> times (other final states, valid moves that each derive the same blobs) in the same block.
    /// A copy is valid only where the challenger's descent opposes the liar's revealed header (one supporting it must
    /// match it): the first chain, over a few seeds and fault blocks, where it does.
    /// From the next block on, L1's blob commitments are replaced with garbage: any re-derivation would now fail
    /// (<see cref="DisputeError.BlobDataMismatch"/>), yet the game plays on (the griefer adds <see cref="CheapMoves"/>
    /// attacks on its own descents) and resolves. Returns the game, the mempool's step checks and the true
    /// commitments, for the caller to restore.
    /// </summary>
    private static Played PlayWithGriefer()
    {
        for (var seed = 11UL; seed < 31; seed++)
        {
            for (var faultBlock = 2; faultBlock <= DerivedChainTests.Blocks; faultBlock++)
                if (TryPlayWithGriefer(seed, faultBlock) is { } played) return played;
        }
        throw new InvalidOperationException("no chain let the griefer copy the challenger's derived descent");
    }

    private static Played? TryPlayWithGriefer(ulong seed, int faultBlock)
    {
        var game = DerivedChainTests.Open(seed, faultBlock);
        var kit = game.Kit;
        var commitments = new Dictionary<ulong, BatchCommitmentsRecord>();
        var derivedBlock = false;
        var refused = false;
        var grieferRoots = new List<int>();
        var cheap = 0;
        var lastClaim = -1;
        DerivedChainTests.PlayOut(game, turn =>
        {
            if (derivedBlock && commitments.Count == 0) Corrupt(kit, commitments);
            var extra = new List<Transaction>();
            // Then cheap moves, in the next block: the griefer attacks its own descents' root claims, a new commitment each.
            for (; grieferRoots.Count > 0 && commitments.Count > 0 && cheap < CheapMoves; cheap++)
            {
                var attack = DisputeMove.Attack((uint)grieferRoots[cheap % grieferRoots.Count], new Hash256([.. Enumerable.Repeat((byte)0xC0, 28), .. BitConverter.GetBytes(cheap)]));
                var bond = game.Shadow.Config.ExecutionLevel.BondAt(1);
                lastClaim = game.Shadow.Apply(attack, Addr(GrieferKey), bond, kit.TimeMs + 1_000);
                game.Log.Add(new PlayedMove(attack, Addr(GrieferKey), bond, kit.TimeMs + 1_000));
                extra.Add(kit.Tx(GrieferKey, new DisputeMovePayload(RollupKit.Id, game.Disputed, bond, attack), 400_000));
            }
            foreach (var m in turn)
            {
                if (!m.Move.IsDerive || m.Mover != Addr(DerivedChainTests.HonestKey) || derivedBlock || refused) continue;
                derivedBlock = true;
                for (byte g = 1; g <= Griefs; g++)
                {
                    var copy = DisputeMove.Derive(m.Move.ParentIndex, m.Move.IsAttack, m.Move.Derived! with { FinalStateRoot = new Hash256(Enumerable.Repeat(g, 32).ToArray()) });
                    try
                    {
                        grieferRoots.Add(game.Shadow.Apply(copy, Addr(GrieferKey), m.Bond, m.Ms));
                    }
                    catch (InvalidDisputeMoveException e) when (e.Error == DisputeError.ContradictsOpening && g == 1)
                    {
                        refused = true;
                        derivedBlock = false;
                        break;
                    }
                    game.Log.Add(new PlayedMove(copy, Addr(GrieferKey), m.Bond, m.Ms));
                    extra.Add(kit.Tx(GrieferKey, new DisputeMovePayload(RollupKit.Id, game.Disputed, m.Bond, copy), 400_000));
                }
            }
            return [.. extra];
        });
        if (refused || !derivedBlock) return null;
        Assert.NotEmpty(commitments);
        Assert.Equal(CheapMoves, cheap);
        var stepChecks = CheckSteps(game, (uint)lastClaim);
        kit.Block(game.Shadow.ResolutionBoundMs);
        kit.Block(1_000, kit.Tx(GrieferKey, new DisputeResolvePayload(RollupKit.Id, game.Disputed)));
        return new Played(game, stepChecks, commitments);
    }

    /// <summary>
    /// The mempool's step check on the open game, with the blob records garbage: a step on the griefer's last claim
    /// (at depth 1, where no step runs) is refused for what it is, after the replay; the same check on the record
    /// as it was before this change (blobs kept, no results) fails on the blobs instead. Returns the errors: (now, before).
    /// </summary>
    private static (DisputeError Stored, DisputeError Stripped) CheckSteps(DerivedChainTests.ChainGame game, uint claim)
    {
        var kit = game.Kit;
        var step = DisputeMove.StepOn(claim, attack: true, StepProof.Identity(ExecutionPoint.Start(default, default, 0)));
        var tx = kit.Tx(GrieferKey, new DisputeMovePayload(RollupKit.Id, game.Disputed, 0, step));
        kit.ForgetNonce(tx);
        DisputeError Check() => Assert.Throws<DisputeRejectedException>(() => DisputeLedger.CheckStep(kit.State, tx, (DisputeMovePayload)tx.Payload)).Error;
        var stored = Check();
        var key = DisputeKeys.Game(RollupKit.Id, game.Disputed);
        var record = kit.State.GetRecord<DisputeGameRecord>(key)!;
        kit.State.SetRecord(key, WithFrames(record, game.Log));
        var stripped = Check();
        kit.State.SetRecord(key, record);
        return (stored, stripped);
    }

    /// <summary>Overwrites every batch's recorded blob commitments with garbage, keeping the true ones in <paramref name="kept"/>.</summary>
    private static void Corrupt(RollupKit kit, Dictionary<ulong, BatchCommitmentsRecord> kept)
    {
        for (var b = 0UL; b < kit.Rollup.NextBatch; b++)
        {
            var key = RollupKeys.BatchCommitments(RollupKit.Id, b);
            var record = kit.State.GetRecord<BatchCommitmentsRecord>(key)!;
            kept[b] = record;
            kit.State.SetRecord(key, new BatchCommitmentsRecord([.. record.Commitments.Select(_ => new Hash256(Enumerable.Repeat((byte)0xEE, 32).ToArray()))]));
        }
    }

    private static void Restore(RollupKit kit, Dictionary<ulong, BatchCommitmentsRecord> kept)
    {
        foreach (var (batch, record) in kept) kit.State.SetRecord(RollupKeys.BatchCommitments(RollupKit.Id, batch), record);
    }

    /// <summary>The record as L1 kept it before stored derivations: every move's bytes as sent (blobs included), no results.</summary>
    private static DisputeGameRecord WithFrames(DisputeGameRecord record, List<PlayedMove> log) =>
        record with { Moves = [.. record.Moves.Select((entry, i) => entry with { Move = log[i].Move.Encode() })], Derived = [] };

    private static int[] DeriveMoves(DisputeGameRecord record) =>
        [.. Enumerable.Range(0, record.Moves.Count).Where(i => DisputeMove.Decode(record.Moves[i].Move).IsDerive)];

    [Fact]
    public void Each_derivation_runs_once_on_L1_and_later_moves_steps_and_the_resolution_replay_its_result()
    {
        var (game, stepChecks, commitments) = PlayWithGriefer();
        var kit = game.Kit;
        var record = DisputeLedger.Find(kit.State, RollupKit.Id, game.Disputed)!;
        // Every move reached L1 and the game resolved for the challenger after the blobs' records became garbage.
        Assert.Equal(game.Log.Count, record.Moves.Count);
        Assert.Equal(DisputeOutcome.ChallengerWins, record.Outcome);
        Assert.Equal(OutputStatus.Replaced, RollupLedger.FindOutput(kit.State, RollupKit.Id, game.Disputed)!.Status);
        // The mempool's check replayed the game from the stored results and judged the step itself.
        Assert.Equal(DisputeError.WrongDepth, stepChecks.Stored);
        Assert.Equal(DisputeError.BlobDataMismatch, stepChecks.Stripped);
        var derives = DeriveMoves(record);
        Assert.True(derives.Length >= 1 + Griefs, $"{derives.Length} derived descents");
        Assert.True(record.Moves.Count > derives[^1] + CheapMoves, "few moves followed the derived descents");
        Assert.Equal(derives, record.Derived.Select(d => d.Move));
        // The record keeps no blob: each derived descent's frames were dropped once its result was stored.
        var before = WithFrames(record, game.Log);
        Assert.All(derives, i => Assert.Empty(DisputeMove.Decode(record.Moves[i].Move).Derived!.Frames));
        var frameBytes = derives.Sum(i => game.Log[i].Move.Derived!.Frames.Sum(f => 8 + 4 + 4 + f.Data.Length));
        Assert.Equal(Canonical.Encode(before).Length - frameBytes + 4 + derives.Length * (4 + DerivedResult.EncodedSize), Canonical.Encode(record).Length);

        // L1's replay reads no blob commitment (it is what Move, CheckStep and Resolve run); the record as it was kept
        // before (blobs, no results) derives again and fails on the changed commitments: the results are what L1 used.
        var corrupted = new CountingRecords(new StateRollupRecords(kit.State, RollupKit.Id));
        var (replayed, derived) = record.Replay(RollupKit.Config, corrupted);
        Assert.Equal(0, corrupted.BatchReads);
        Assert.Equal(record.Derived, derived);
        Assert.Equal(DisputeOutcome.ChallengerWins, replayed.Resolve(kit.TimeMs).Outcome);
        var e = Assert.Throws<InvalidDisputeMoveException>(() => before.Replay(RollupKit.Config, corrupted));
        Assert.Equal(DisputeError.BlobDataMismatch, e.Error);

        // With the true commitments back, a derivation of every descent from its blobs reads every frame once and
        // finds exactly the results L1 stored (and the players' own game, which derived them as they were sent).
        Restore(kit, commitments);
        var counting = new CountingRecords(new StateRollupRecords(kit.State, RollupKit.Id));
        var (full, rederived) = before.Replay(RollupKit.Config, counting);
        var frames = derives.Sum(i => game.Log[i].Move.Derived!.Frames.Count);
        Assert.True(frames >= derives.Length);
        Assert.Equal(frames, counting.BatchReads);
        Assert.Equal(record.Derived, rederived);
        Assert.Equal(record.Derived.Select(d => d.Result), full.Subgames.Where(s => s.Derived is not null).Select(s => s.Derived!.Result));
        Assert.Equal(record.Derived.Select(d => d.Result), game.Shadow.Subgames.Where(s => s.Derived is not null).Select(s => s.Derived!.Result));
    }

    [Fact]
    public void A_stored_result_comes_only_from_L1_and_one_that_does_not_fit_its_move_is_refused()
    {
        var (game, _, commitments) = PlayWithGriefer();
        var kit = game.Kit;
        Restore(kit, commitments);
        var record = DisputeLedger.Find(kit.State, RollupKit.Id, game.Disputed)!;
        var records = new StateRollupRecords(kit.State, RollupKit.Id);
        var first = record.Derived[0];
        // A move carries no result: the griefer's copies of the challenger's descent, whatever final state they claim,
        // got L1's own derivation of the blobs they carry, the challenger's list to the byte.
        var challengers = record.Derived.First(d => record.Moves[d.Move].Mover == Addr(DerivedChainTests.HonestKey));
        var copies = record.Derived.Where(d => record.Moves[d.Move].Mover == Addr(GrieferKey)).ToList();
        Assert.Equal(Griefs, copies.Count);
        Assert.All(copies, d => Assert.Equal(challengers.Result, d.Result));

        void Refused(DisputeGameRecord tampered, DisputeError error) =>
            Assert.Equal(error, Assert.Throws<InvalidDisputeMoveException>(() => tampered.Replay(RollupKit.Config, records)).Error);
        // A result that is not the descended block's, or does not cover its mask, or sits on a move that derives nothing.
        Refused(record with { Derived = [new StoredDerivation(first.Move, first.Result with { Number = first.Result.Number + 1 }), .. record.Derived.Skip(1)] }, DisputeError.StoredDerivationMismatch);
        Refused(record with { Derived = [new StoredDerivation(first.Move, first.Result with { CandidateCount = first.Result.CandidateCount + 1 }), .. record.Derived.Skip(1)] }, DisputeError.StoredDerivationMismatch);
        Refused(record with { Derived = [new StoredDerivation(0, first.Result), .. record.Derived] }, DisputeError.StoredDerivationMismatch);

        // The record's decoder takes results only in move order, for moves the record holds, and never an empty list.
        var bytes = Canonical.Encode(record);
        Assert.Equal(DisputeGameRecord.StoredDerivationsVersion, bytes[0]);
        Assert.Equal(bytes, Canonical.Encode(Canonical.Decode<DisputeGameRecord>(bytes)));
        CodecError DecodeError(DisputeGameRecord r) => Assert.Throws<CodecException>(() => Canonical.Decode<DisputeGameRecord>(Canonical.Encode(r))).Error;
        Assert.Equal(CodecError.NonCanonical, DecodeError(record with { Derived = [record.Derived[1], record.Derived[0], .. record.Derived.Skip(2)] }));
        Assert.Equal(CodecError.InvalidValue, DecodeError(record with { Derived = [.. record.Derived, new StoredDerivation(record.Moves.Count, first.Result)] }));
        var empty = Canonical.Encode(record with { Derived = [] });
        Assert.Equal(DisputeGameRecord.DerivedVersion, empty[0]);
        empty[0] = DisputeGameRecord.StoredDerivationsVersion;
        Assert.Equal(CodecError.NonCanonical, Assert.Throws<CodecException>(() => Canonical.Decode<DisputeGameRecord>([.. empty, 0, 0, 0, 0])).Error);
    }
}
