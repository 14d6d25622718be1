using Lamina.Core;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Tests.Rollups.Dispute.Derived;

/// <summary>
/// L1's derivation of one block's list: it reproduces derivation's block (every header field but the intermediate
/// roots, for the honest mask), and refuses with a typed reason bytes that are not L1's blobs, frames that do not make
/// a channel, a channel without the block, an entry that breaks a batch rule, and frames spread past the timeout;
/// in a game, a header-list descent, a parent that does not open the pre output, a mask of the wrong length, and a
/// derivation from a later channel than one already shown.
/// </summary>
public sealed class DerivedListErrorTests
{
    private static InvalidDisputeMoveException Refused(Action action) => Assert.Throws<InvalidDisputeMoveException>(action);

    [Fact]
    public void L1_derives_exactly_the_block_derivation_built()
    {
        var honest = DerivedRollup.Build(blocks: 4, seed: 9);
        var deriver = new L1ListDeriver(DerivedRollup.Rules, honest.Records);
        for (var b = 1UL; b <= 4; b++)
        {
            var opening = honest.Derivation(b)!;
            var list = deriver.Derive(L2HeaderPreimage.Decode(honest.Header(b - 1)!), opening);
            var descent = new DerivedDescent(list, opening.Mask, opening.FinalStateRoot);
            Assert.True(descent.Matches(L2HeaderPreimage.Decode(honest.Header(b)!)), $"block {b}");
            Assert.Equal(honest.AppliedList(b).Count, (int)descent.AppliedCount);
        }
        // The overdraft is a candidate L1 derived and the honest mask drops it.
        Assert.Contains(Enumerable.Range(1, 4), b => honest.Derivation((ulong)b)!.Mask.Contains(false));
    }

    [Fact]
    public void Bad_blob_data_is_refused_with_its_reason()
    {
        var honest = DerivedRollup.Build(blocks: 3, seed: 2);
        var records = honest.Records;
        var deriver = new L1ListDeriver(DerivedRollup.Rules, records);
        var parent = L2HeaderPreimage.Decode(honest.Header(1)!);
        var good = honest.Derivation(2)!;
        Assert.Equal(2, good.Frames.Count);

        var flipped = good.Frames[0].Data.ToArray();
        flipped[^1] ^= 1;
        Assert.Equal(DisputeError.BlobDataMismatch, Refused(() => deriver.Derive(parent, good with { Frames = [good.Frames[0] with { Data = flipped }, good.Frames[1]] })).Error);
        Assert.Equal(DisputeError.UnknownBatch, Refused(() => deriver.Derive(parent, good with { Frames = [good.Frames[0] with { BatchNumber = 99 }] })).Error);
        Assert.Equal(DisputeError.UnknownBatch, Refused(() => deriver.Derive(parent, good with { Frames = [good.Frames[0] with { BlobPosition = 5 }] })).Error);
        Assert.Equal(DisputeError.MalformedChannel, Refused(() => deriver.Derive(parent, good with { Frames = [good.Frames[0]] })).Error);
        var junk = records.Post(4, new byte[] { 0x42, 0x42, 0x42 });
        Assert.Equal(DisputeError.MalformedChannel, Refused(() => deriver.Derive(parent, good with { Frames = records.Frames(junk) })).Error);
        Assert.Equal(DisputeError.BlockNotInChannel, Refused(() => deriver.Derive(parent, honest.Derivation(3)!)).Error);

        // Block 2's own entries, but breaking a rule: a time before its origin's, an origin past the sequencing window.
        var early = records.Post(4, [.. OptimisticChannelFrame.Split(OptimisticChannelPayload.Compress([new OptimisticBatchBlock(2, DerivedRecords.TimeOf(2) - 1, 2, 1, [])]), 100_000)]);
        Assert.Equal(DisputeError.BatchRuleBroken, Refused(() => deriver.Derive(parent, good with { Frames = records.Frames(early) })).Error);
        var stale = records.Post(2 + DerivedRollup.Rules.SequencingWindow + 1, [.. OptimisticChannelFrame.Split(OptimisticChannelPayload.Compress([new OptimisticBatchBlock(2, DerivedRecords.TimeOf(2) + 5, 2, 1, [])]), 100_000)]);
        Assert.Equal(DisputeError.BatchRuleBroken, Refused(() => deriver.Derive(parent, good with { Frames = records.Frames(stale) })).Error);

        // The channel's two frames referenced further apart than the channel timeout.
        var first = records.Post(5, good.Frames[0].Data);
        var second = records.Post(5 + DerivedRollup.Rules.ChannelTimeout + 2, good.Frames[1].Data);
        DerivedOpening spread = good with { Frames = [.. records.Frames(first), .. records.Frames(second)] };
        Assert.Equal(DisputeError.ChannelTimedOut, Refused(() => deriver.Derive(parent, spread)).Error);
        var inTime = records.Post(5 + DerivedRollup.Rules.ChannelTimeout + 1, good.Frames[1].Data);
        Assert.Equal(2UL, deriver.Derive(parent, good with { Frames = [.. records.Frames(first), .. records.Frames(inTime)] }).Number);
    }

    [Fact]
    public void A_derived_game_refuses_bad_descents_and_takes_the_first_channel()
    {
        var (honest, liar, log) = ListWithholdingTests.GameWithDescent();
        var k = -1;
        OutputDisputeGame Replay()
        {
            var game = new OutputDisputeGame(ListWithholdingTests.Derived, honest.Context, honest.Output(0)!.Value, 4, liar.OutputRoot(4), new Address(Enumerable.Repeat((byte)0xC1, Address.Size).ToArray()), 1_000,
                deriver: new L1ListDeriver(DerivedRollup.Rules, honest.Records));
            foreach (var m in log.Take(k)) game.Apply(m.Move, m.Mover, m.Bond, m.Ms);
            return game;
        }
        // The first derived descent that opposes its post claim (the liar's): a later list may stand beside it until refuted.
        for (var i = 0; i < log.Count && k < 0; i++)
        {
            if (!log[i].Move.IsDerive) continue;
            k = i;
            var probe = Replay();
            probe.Apply(log[i].Move, log[i].Mover, log[i].Bond, log[i].Ms);
            if (!probe.Subgames[^1].OpposesPost) k = -1;
        }
        Assert.True(k >= 0, "the honest side made an opposing derived descent");
        var move = log[k];
        var opening = move.Move.Derived!;
        var block = opening.PreOutput.L2BlockNumber + 1;
        DisputeError Try(OutputDisputeGame game, DisputeMove m) => Refused(() => game.Apply(m, move.Mover, move.Bond, move.Ms)).Error;

        var game = Replay();
        var header = DisputeMove.Descend(move.Move.ParentIndex, move.Move.IsAttack, new SplitOpening(honest.Final(block), opening.PreOutput, honest.Origin(block)));
        Assert.Equal(DisputeError.ListNotDerived, Try(game, header));
        Assert.Equal(DisputeError.ParentMismatch, Try(game, move.Move with { Derived = opening with { ParentHeader = honest.Header(block)! } }));
        Assert.Equal(DisputeError.ParentMismatch, Try(game, move.Move with { Derived = opening with { Mask = [.. opening.Mask, true] } }));

        // The same block posted again later with another list: a descent from it is accepted until the first channel
        // is shown, which counters it; after that a derivation from the later channel is refused.
        var fields = honest.Fields(block);
        var later = honest.Records.Post(fields.Origin + 3, [.. OptimisticChannelFrame.Split(OptimisticChannelPayload.Compress(
            [new OptimisticBatchBlock(block, fields.TimeMs, fields.Origin, block == 2 ? 1UL : 0, [])]), 100_000)]);
        var laterList = new L1ListDeriver(DerivedRollup.Rules, honest.Records).Derive(L2HeaderPreimage.Decode(opening.ParentHeader), opening with { Frames = honest.Records.Frames(later) });
        var laterOpening = opening with { Frames = honest.Records.Frames(later), Mask = [.. Enumerable.Repeat(true, laterList.Candidates.Count)] };
        game.Apply(move.Move with { Derived = laterOpening }, move.Mover, move.Bond, move.Ms);
        var laterSubgame = game.Subgames[^1];
        Assert.Null(laterSubgame.CounteredBy);
        game.Apply(move.Move, move.Mover, move.Bond, move.Ms);
        Assert.Equal(move.Mover, laterSubgame.CounteredBy);
        Assert.Equal(DisputeError.LaterSource, Try(game, move.Move with { Derived = laterOpening with { FinalStateRoot = DisputeKit.Garbage(7) } }));
    }

    [Fact]
    public void Sources_order_as_derivation_meets_them()
    {
        // A height's channels come before the block derivation builds itself at that height, and both before the next height's.
        var channel = new DerivationSource(14, 3, 1);
        Assert.True(channel.CompareTo(DerivationSource.Auto(14)) < 0);
        Assert.True(DerivationSource.Auto(14).CompareTo(new DerivationSource(15, 4, 0)) < 0);
        Assert.True(new DerivationSource(14, 3, 0).CompareTo(channel) < 0);
        Assert.True(DerivationSource.Auto(14).IsAuto && !channel.IsAuto);

        // The block after block 3 if the sequencer had posted nothing: the next origin, no deposit recorded there, nothing sequenced.
        var honest = DerivedRollup.Build(blocks: 3, seed: 4);
        var parent = L2HeaderPreimage.Decode(honest.Header(3)!);
        var auto = new L1ListDeriver(DerivedRollup.Rules, honest.Records).Derive(parent, new DerivedOpening(honest.Output(3)!.Value, parent.Encoded, default, [], []));
        Assert.Equal(DerivationSource.Auto(3 + DerivedRollup.Rules.SequencingWindow + 1), auto.Source);
        Assert.Equal((4UL, 4UL, Math.Max(parent.TimestampMs + 1, DerivedRecords.TimeOf(4))), (auto.Number, auto.Origin, auto.TimestampMs));
        Assert.Equal(parent.NextDeposit, auto.NextDeposit);
        Assert.Empty(auto.Candidates);
    }
}
