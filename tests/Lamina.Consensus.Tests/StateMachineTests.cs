using Lamina.Core;

namespace Lamina.Consensus.Tests;

public class StateMachineTests
{
    private readonly TestKeys _k = new(1, 1, 1, 1);

    /// <summary>Four machines on an instant, lossless FIFO bus; timeouts are recorded but never fired.</summary>
    [Fact]
    public void Four_validators_decide_a_height_in_one_round_without_any_timeout()
    {
        var machines = Enumerable.Range(0, 4).Select(i => _k.Machine(i)).ToArray();
        var queue = new Queue<(int To, ConsensusInput Input)>();
        var decisions = new Commit?[4];
        var broadcasts = 0;
        void Run(int node, IReadOnlyList<ConsensusEffect> effects)
        {
            foreach (var e in effects)
            {
                switch (e)
                {
                    case Broadcast { Message: Vote v }:
                        broadcasts++;
                        for (var j = 0; j < 4; j++) if (j != node) queue.Enqueue((j, new VoteReceived(v)));
                        break;
                    case Broadcast { Message: Proposal p }:
                        for (var j = 0; j < 4; j++) if (j != node) queue.Enqueue((j, new ProposalReceived(p, true)));
                        break;
                    case RequestProposal rp:
                        queue.Enqueue((node, new ProposeValue(rp.Height, rp.Round, TestKeys.Block(42))));
                        break;
                    case Decide d:
                        decisions[node] = d.Commit;
                        break;
                }
            }
        }
        for (var i = 0; i < 4; i++) Run(i, machines[i].Handle(new StartHeight(1, _k.Set)));
        while (queue.TryDequeue(out var item)) Run(item.To, machines[item.To].Handle(item.Input));

        Assert.All(decisions, d =>
        {
            Assert.NotNull(d);
            Assert.Equal(0u, d.Round);
            Assert.Equal(TestKeys.Block(42), d.BlockHash);
            d.Verify(TestKeys.ChainId, _k.Set, 1, TestKeys.Block(42));
        });
        Assert.Equal(8, broadcasts); // one prevote and one precommit each
        Assert.All(machines, m => Assert.Equal(0u, m.Round));
    }

    private (TendermintStateMachine Machine, int Me) LockedOnRoundZero(Hash256 v)
    {
        // Node `me` is not the round-0 proposer; it sees the proposal and a polka for v, so it locks.
        var proposer0 = _k.Set.IndexOf(_k.Set.GetProposer(1, 0).Address);
        var me = (proposer0 + 1) % 4;
        var m = _k.Machine(me);
        m.Handle(new StartHeight(1, _k.Set));
        m.Handle(new ProposalReceived(_k.Proposal(1, 0, -1, v), true));
        foreach (var i in Enumerable.Range(0, 4).Where(i => i != me).Take(2)) m.Handle(new VoteReceived(_k.Vote(i, VoteType.Prevote, 1, 0, v)));
        Assert.Equal(v, m.LockedValue);
        Assert.Equal(0, m.LockedRound);
        Assert.Equal(ConsensusStep.Precommit, m.Step);
        return (m, me);
    }

    private static Vote? LastVote(IEnumerable<ConsensusEffect> effects, VoteType type)
        => effects.OfType<Broadcast>().Select(b => b.Message).OfType<Vote>().LastOrDefault(x => x.Type == type);

    [Fact]
    public void Locked_validator_prevotes_nil_for_a_different_fresh_value()
    {
        var v = TestKeys.Block(1);
        var other = TestKeys.Block(2);
        var (m, _) = LockedOnRoundZero(v);
        m.Handle(new TimeoutElapsed(1, 0, ConsensusStep.Precommit));
        Assert.Equal(1u, m.Round);
        var effects = m.Handle(new ProposalReceived(_k.Proposal(1, 1, -1, other), true));
        Assert.True(LastVote(effects, VoteType.Prevote)!.IsNil);
    }

    [Fact]
    public void Locked_validator_waits_for_the_proof_of_lock_then_follows_a_newer_one()
    {
        var v = TestKeys.Block(1);
        var other = TestKeys.Block(2);
        var (m, me) = LockedOnRoundZero(v);
        m.Handle(new TimeoutElapsed(1, 0, ConsensusStep.Precommit));
        m.Handle(new TimeoutElapsed(1, 1, ConsensusStep.Propose)); // round 1: nothing proposed, prevote nil
        // Round 2 re-proposes `other` claiming a POL from round 1, but no polka for it has been seen yet: wait.
        m.Handle(new TimeoutElapsed(1, 1, ConsensusStep.Prevote));
        m.Handle(new TimeoutElapsed(1, 1, ConsensusStep.Precommit));
        Assert.Equal(2u, m.Round);
        var effects = m.Handle(new ProposalReceived(_k.Proposal(1, 2, 1, other), true));
        Assert.Null(LastVote(effects, VoteType.Prevote));
        Assert.Equal(ConsensusStep.Propose, m.Step);
        // The polka from round 1 (newer than our lock at round 0) arrives: now prevote `other`.
        var others = Enumerable.Range(0, 4).Where(i => i != me).ToArray();
        effects = [.. others.SelectMany(i => m.Handle(new VoteReceived(_k.Vote(i, VoteType.Prevote, 1, 1, other))))];
        Assert.Equal(other, LastVote(effects, VoteType.Prevote)!.BlockId);
    }

    [Fact]
    public void Locked_validator_ignores_a_proof_of_lock_older_than_its_lock()
    {
        var v = TestKeys.Block(1);
        var other = TestKeys.Block(2);
        var k = _k;
        var proposer0 = k.Set.IndexOf(k.Set.GetProposer(1, 0).Address);
        var me = (proposer0 + 1) % 4;
        var m = k.Machine(me);
        m.Handle(new StartHeight(1, k.Set));
        // Round 0: a polka for `other` exists but we did not see the proposal in time; we prevoted nil.
        m.Handle(new TimeoutElapsed(1, 0, ConsensusStep.Propose));
        var others = Enumerable.Range(0, 4).Where(i => i != me).ToArray();
        foreach (var i in others) m.Handle(new VoteReceived(k.Vote(i, VoteType.Prevote, 1, 0, other)));
        m.Handle(new TimeoutElapsed(1, 0, ConsensusStep.Precommit));
        // Round 1: lock on v.
        m.Handle(new ProposalReceived(k.Proposal(1, 1, -1, v), true));
        foreach (var i in others) m.Handle(new VoteReceived(k.Vote(i, VoteType.Prevote, 1, 1, v)));
        Assert.Equal(1, m.LockedRound);
        m.Handle(new TimeoutElapsed(1, 1, ConsensusStep.Precommit));
        // Round 2 re-proposes `other` with the round-0 POL: older than our lock, so nil.
        var effects = m.Handle(new ProposalReceived(k.Proposal(1, 2, 0, other), true));
        Assert.True(LastVote(effects, VoteType.Prevote)!.IsNil);
    }

    [Fact]
    public void Invalid_proposal_gets_a_nil_prevote()
    {
        var proposer0 = _k.Set.IndexOf(_k.Set.GetProposer(1, 0).Address);
        var m = _k.Machine((proposer0 + 1) % 4);
        m.Handle(new StartHeight(1, _k.Set));
        var effects = m.Handle(new ProposalReceived(_k.Proposal(1, 0, -1, TestKeys.Block(9)), false));
        Assert.True(LastVote(effects, VoteType.Prevote)!.IsNil);
    }

    [Fact]
    public void More_than_a_third_of_power_in_a_later_round_makes_a_validator_skip_to_it()
    {
        var m = _k.Machine(0);
        m.Handle(new StartHeight(1, _k.Set));
        m.Handle(new VoteReceived(_k.Vote(1, VoteType.Prevote, 1, 5, Hash256.Zero)));
        Assert.Equal(0u, m.Round); // 1 of 4 is not more than a third
        var effects = m.Handle(new VoteReceived(_k.Vote(2, VoteType.Precommit, 1, 5, Hash256.Zero)));
        Assert.Equal(5u, m.Round);
        Assert.Contains(effects, e => e is ScheduleTimeout { Round: 5, Step: ConsensusStep.Propose });
    }

    [Fact]
    public void Timeouts_grow_with_the_round()
    {
        var m = _k.Machine(0);
        var durations = new List<TimeSpan>();
        var effects = m.Handle(new StartHeight(1, _k.Set));
        for (uint r = 0; r < 4; r++)
        {
            durations.Add(effects.OfType<ScheduleTimeout>().Single(t => t.Step == ConsensusStep.Propose).Duration);
            m.Handle(new TimeoutElapsed(1, r, ConsensusStep.Propose));
            effects = m.Handle(new TimeoutElapsed(1, r, ConsensusStep.Precommit));
        }
        Assert.Equal([300, 400, 500, 600], durations.Select(d => (int)d.TotalMilliseconds));
        Assert.Equal(TimeSpan.FromMilliseconds(350), TestKeys.Timeouts.For(ConsensusStep.Prevote, 3));
    }

    [Fact]
    public void Equivocating_votes_are_reported_once()
    {
        var m = _k.Machine(0);
        m.Handle(new StartHeight(1, _k.Set));
        m.Handle(new VoteReceived(_k.Vote(1, VoteType.Prevote, 1, 0, TestKeys.Block(1))));
        var effects = m.Handle(new VoteReceived(_k.Vote(1, VoteType.Prevote, 1, 0, TestKeys.Block(2))));
        var evidence = Assert.Single(effects.OfType<EvidenceDetected>()).Evidence;
        evidence.Verify(TestKeys.ChainId, _k.Set);
        Assert.Empty(m.Handle(new VoteReceived(_k.Vote(1, VoteType.Prevote, 1, 0, TestKeys.Block(2)))).OfType<EvidenceDetected>());
    }

    [Fact]
    public void Observer_without_a_signer_never_votes_but_decides()
    {
        var m = _k.Machine(-1);
        var block = TestKeys.Block(3);
        m.Handle(new StartHeight(1, _k.Set));
        var effects = new List<ConsensusEffect>();
        for (var i = 0; i < 3; i++) effects.AddRange(m.Handle(new VoteReceived(_k.Vote(i, VoteType.Precommit, 1, 0, block))));
        Assert.DoesNotContain(effects, e => e is Broadcast);
        Assert.Equal(block, Assert.Single(effects.OfType<Decide>()).Commit.BlockHash);
    }

    [Fact]
    public void Verified_commit_from_a_peer_lets_a_lagging_node_decide_and_a_forged_one_does_not()
    {
        var block = TestKeys.Block(3);
        var set = new VoteSet(TestKeys.ChainId, 1, 2, VoteType.Precommit, _k.Set);
        for (var i = 0; i < 3; i++) set.Add(_k.Vote(i, VoteType.Precommit, 1, 2, block), out _);
        var commit = set.MakeCommit(block);
        var m = _k.Machine(3);
        m.Handle(new StartHeight(1, _k.Set));
        var forged = new Commit(1, 2, TestKeys.Block(4), commit.Signatures);
        Assert.Empty(m.Handle(new CommitReceived(forged)).OfType<Decide>());
        Assert.Single(m.Handle(new CommitReceived(commit)).OfType<Decide>());
        Assert.Throws<InvalidCommitException>(() => forged.Verify(TestKeys.ChainId, _k.Set, 1, forged.BlockHash));
    }

    [Fact]
    public void Messages_for_the_next_height_are_held_until_it_starts()
    {
        var m = _k.Machine(0);
        m.Handle(new StartHeight(1, _k.Set));
        m.Handle(new VoteReceived(_k.Vote(1, VoteType.Precommit, 2, 0, TestKeys.Block(5))));
        m.Handle(new VoteReceived(_k.Vote(2, VoteType.Precommit, 2, 0, TestKeys.Block(5))));
        m.Handle(new VoteReceived(_k.Vote(3, VoteType.Precommit, 2, 0, TestKeys.Block(5))));
        Assert.False(m.IsDecided);
        var effects = m.Handle(new StartHeight(2, _k.Set));
        Assert.Equal(2ul, Assert.Single(effects.OfType<Decide>()).Height);
    }
}
