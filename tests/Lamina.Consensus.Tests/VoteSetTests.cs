using Lamina.Core;

namespace Lamina.Consensus.Tests;

public class VoteSetTests
{
    // Powers 10, 20, 30, 40 (total 100): quorum needs > 66.6, one-third-plus needs > 33.3.
    private readonly TestKeys _k = new(10, 20, 30, 40);

    private int IndexWithPower(ulong power) => Array.FindIndex(_k.Keys, key => _k.Set.Find(key.Address)!.Power == power);

    [Fact]
    public void Quorum_math_is_by_power_not_by_count()
    {
        var set = new VoteSet(TestKeys.ChainId, 1, 0, VoteType.Prevote, _k.Set);
        var block = TestKeys.Block(7);
        set.Add(_k.Vote(IndexWithPower(40), VoteType.Prevote, 1, 0, block), out _);
        Assert.True(set.HasOneThirdAny); // 40 > 33.3
        Assert.False(set.HasTwoThirdsAny);
        set.Add(_k.Vote(IndexWithPower(20), VoteType.Prevote, 1, 0, block), out _);
        Assert.False(set.HasTwoThirdsFor(block)); // 60
        Assert.Null(set.TwoThirdsMajority);
        set.Add(_k.Vote(IndexWithPower(10), VoteType.Prevote, 1, 0, Hash256.Zero), out _);
        Assert.True(set.HasTwoThirdsAny); // 70 in total, but split
        Assert.Null(set.TwoThirdsMajority);
        set.Add(_k.Vote(IndexWithPower(30), VoteType.Prevote, 1, 0, block), out _);
        Assert.Equal(block, set.TwoThirdsMajority);
        Assert.Equal(90ul, set.PowerFor(block));
    }

    [Fact]
    public void Three_of_four_equal_validators_is_a_quorum_and_two_is_not()
    {
        var k = new TestKeys(1, 1, 1, 1);
        var set = new VoteSet(TestKeys.ChainId, 1, 0, VoteType.Precommit, k.Set);
        var block = TestKeys.Block(1);
        set.Add(k.Vote(0, VoteType.Precommit, 1, 0, block), out _);
        set.Add(k.Vote(1, VoteType.Precommit, 1, 0, block), out _);
        Assert.False(set.HasTwoThirdsFor(block));
        Assert.True(set.HasOneThirdAny);
        set.Add(k.Vote(2, VoteType.Precommit, 1, 0, block), out _);
        Assert.True(set.HasTwoThirdsFor(block));
        var commit = set.MakeCommit(block);
        commit.Verify(TestKeys.ChainId, k.Set, 1, block);
        Assert.Equal(3, commit.Signatures.Count);
    }

    [Fact]
    public void Equivocation_yields_verifiable_evidence_and_is_not_counted_twice()
    {
        var set = new VoteSet(TestKeys.ChainId, 5, 2, VoteType.Prevote, _k.Set);
        var i = IndexWithPower(30);
        Assert.Equal(AddVoteResult.Added, set.Add(_k.Vote(i, VoteType.Prevote, 5, 2, TestKeys.Block(1)), out _));
        Assert.Equal(AddVoteResult.Duplicate, set.Add(_k.Vote(i, VoteType.Prevote, 5, 2, TestKeys.Block(1)), out _));
        Assert.Equal(AddVoteResult.Conflicting, set.Add(_k.Vote(i, VoteType.Prevote, 5, 2, TestKeys.Block(2)), out var evidence));
        Assert.Equal(30ul, set.TotalVotedPower); // once in the any-vote total
        Assert.Equal(30ul, set.PowerFor(TestKeys.Block(2))); // but it did sign for block 2: that counts towards block 2
        Assert.Equal(AddVoteResult.Conflicting, set.Add(_k.Vote(i, VoteType.Prevote, 5, 2, TestKeys.Block(3)), out _));
        Assert.Equal(0ul, set.PowerFor(TestKeys.Block(3))); // at most two block ids per validator
        Assert.NotNull(evidence);
        evidence.Verify(TestKeys.ChainId, _k.Set);
        Assert.Equal(_k.Keys[i].Address, evidence.Validator);
        Assert.Throws<InvalidEvidenceException>(() => evidence.Verify("other-chain", _k.Set));
        Assert.Throws<InvalidEvidenceException>(() => evidence.Verify(TestKeys.ChainId, new TestKeys(1, 1).Set));
        Assert.True(evidence.IsExpired(5 + 101, 100));
        Assert.False(evidence.IsExpired(5 + 100, 100));
        Assert.False(evidence.IsExpired(3, 100));
    }

    [Fact]
    public void Forged_or_misplaced_votes_are_refused_with_a_reason()
    {
        var set = new VoteSet(TestKeys.ChainId, 5, 2, VoteType.Prevote, _k.Set);
        var good = _k.Vote(0, VoteType.Prevote, 5, 2, TestKeys.Block(1));
        var forged = new Vote(VoteType.Prevote, 5, 2, TestKeys.Block(2), good.Validator, good.Signature);
        Assert.Equal(VoteRejection.BadSignature, Assert.Throws<InvalidVoteException>(() => set.Add(forged, out _)).Reason);
        Assert.Equal(VoteRejection.WrongHeight, Assert.Throws<InvalidVoteException>(() => set.Add(_k.Vote(0, VoteType.Prevote, 6, 2, TestKeys.Block(1)), out _)).Reason);
        Assert.Equal(VoteRejection.WrongType, Assert.Throws<InvalidVoteException>(() => set.Add(_k.Vote(0, VoteType.Precommit, 5, 2, TestKeys.Block(1)), out _)).Reason);
        var stranger = new TestKeys(1, 1, 1, 1, 1, 1);
        Assert.Equal(VoteRejection.UnknownValidator, Assert.Throws<InvalidVoteException>(() => set.Add(stranger.Vote(5, VoteType.Prevote, 5, 2, TestKeys.Block(1)), out _)).Reason);
        Assert.Equal(0ul, set.TotalVotedPower);
    }

    [Fact]
    public void Height_vote_set_reports_one_third_participation_in_later_rounds()
    {
        var hvs = new HeightVoteSet(TestKeys.ChainId, 1, _k.Set, 100);
        hvs.Add(_k.Vote(IndexWithPower(20), VoteType.Prevote, 1, 4, TestKeys.Block(1)), out _);
        Assert.Null(hvs.HighestRoundWithOneThirdAbove(0));
        hvs.Add(_k.Vote(IndexWithPower(20), VoteType.Precommit, 1, 4, Hash256.Zero), out _); // same validator: still 20
        Assert.Null(hvs.HighestRoundWithOneThirdAbove(0));
        hvs.Add(_k.Vote(IndexWithPower(30), VoteType.Precommit, 1, 4, Hash256.Zero), out _);
        Assert.Equal(4u, hvs.HighestRoundWithOneThirdAbove(0));
        Assert.Null(hvs.HighestRoundWithOneThirdAbove(4));
        Assert.Throws<InvalidVoteException>(() => hvs.Add(_k.Vote(0, VoteType.Prevote, 1, 101, TestKeys.Block(1)), out _));
    }
}
