using Lamina.Core;

namespace Lamina.Consensus.Tests;

/// <summary>
/// Issue 8: a validator that crashes at any instant must, after replaying its WAL, hold and re-send exactly the votes
/// it signed before, so that it keeps voting in the step it is in instead of being refused a different vote.
/// </summary>
public sealed class RestartReplayTests
{
    private readonly TestKeys _k = new(1, 1, 1, 1);
    private readonly InMemorySignerStateStore _store = new();

    /// <summary>A validator that is not the proposer of (2, 0), so its votes at height 2 follow from peers' messages.</summary>
    private int Me => Enumerable.Range(0, 4).First(i => _k.Keys[i].Address != _k.Set.GetProposer(2, 0).Address && _k.Keys[i].Address != _k.Set.GetProposer(1, 0).Address);

    private IEnumerable<int> Peers(int count) => Enumerable.Range(0, 4).Where(i => i != Me).Take(count);

    private List<Vote> OwnVotes(IEnumerable<ConsensusEffect> effects, ulong height)
        => effects.OfType<Broadcast>().Select(b => b.Message).OfType<Vote>().Where(v => v.Validator == _k.Keys[Me].Address && v.Height == height).ToList();

    [Fact]
    public void Messages_that_arrived_before_their_height_survive_the_wal_truncation_that_starts_it()
    {
        var wal = new InMemoryConsensusWal();
        var (node, _) = DurableConsensus.Recover(_k.Machine(Me, _store), wal);
        node.Handle(new StartHeight(1, _k.Set));
        var x = TestKeys.Block(7);
        // Height 2's proposal and two peers' prevotes arrive while this node still works on height 1.
        node.Handle(new ProposalReceived(_k.Proposal(2, 0, -1, x), true));
        foreach (var i in Peers(2)) node.Handle(new VoteReceived(_k.Vote(i, VoteType.Prevote, 2, 0, x)));
        var before = node.Handle(new StartHeight(2, _k.Set));
        var signed = OwnVotes(before, 2);
        Assert.Equal([VoteType.Prevote, VoteType.Precommit], signed.Select(v => v.Type));
        Assert.All(signed, v => Assert.Equal(x, v.BlockId));

        wal.Crash();
        var (recovered, replayed) = DurableConsensus.Recover(_k.Machine(Me, _store), wal);
        Assert.Equal(signed, OwnVotes(replayed, 2));
        Assert.Equal((2ul, 0u, ConsensusStep.Precommit, (Hash256?)x, 0L),
                     (recovered.Machine.Height, recovered.Machine.Round, recovered.Machine.Step, recovered.Machine.LockedValue, recovered.Machine.LockedRound));
        Assert.DoesNotContain(wal.ReadAll(), e => e.Height < 2);
    }

    [Fact]
    public void A_crash_right_after_signing_cannot_lose_the_peer_message_the_vote_came_from()
    {
        var wal = new InMemoryConsensusWal();
        var (node, _) = DurableConsensus.Recover(_k.Machine(Me, _store), wal);
        node.Handle(new StartHeight(1, _k.Set));
        var x = TestKeys.Block(3);
        // A peer's proposal is logged without an fsync; the prevote it causes must not outlive it.
        var prevote = Assert.Single(OwnVotes(node.Handle(new ProposalReceived(_k.Proposal(1, 0, -1, x), true)), 1));
        wal.Crash();

        var (recovered, replayed) = DurableConsensus.Recover(_k.Machine(Me, _store), wal);
        Assert.Equal([prevote], OwnVotes(replayed, 1));
        Assert.Equal(ConsensusStep.Prevote, recovered.Machine.Step);
        // The rest of the round goes on: peers' prevotes make the restarted node precommit the block.
        var after = Peers(2).SelectMany(i => recovered.Handle(new VoteReceived(_k.Vote(i, VoteType.Prevote, 1, 0, x)))).ToList();
        Assert.Equal(x, Assert.Single(OwnVotes(after, 1)).BlockId);
    }

    [Fact]
    public void Peer_messages_not_followed_by_a_signature_may_be_lost_and_are_received_again()
    {
        var wal = new InMemoryConsensusWal();
        var (node, _) = DurableConsensus.Recover(_k.Machine(Me, _store), wal);
        node.Handle(new StartHeight(1, _k.Set));
        node.Handle(new VoteReceived(_k.Vote(Peers(1).Single(), VoteType.Prevote, 1, 0, TestKeys.Block(4))));
        Assert.Equal(2, wal.Count);
        wal.Crash(); // no fsync was needed for it: the vote changed nothing this node signed
        Assert.Equal(1, wal.Count);
    }
}
