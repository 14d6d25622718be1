using Lamina.Core;

namespace Lamina.Consensus.Tests;

public sealed class SignerAndWalTests : IDisposable
{
    private readonly TestKeys _k = new(1, 1, 1, 1);
    private readonly string _dir = Directory.CreateTempSubdirectory("lamina-consensus-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Bytes(VoteType t, ulong h, uint r, byte b) => Vote.SignBytes(TestKeys.ChainId, t, h, r, TestKeys.Block(b));

    [Fact]
    public void Guard_refuses_conflicts_and_allows_the_identical_message_and_survives_restart_from_file()
    {
        var path = Path.Combine(_dir, "signer.state");
        var guard = new DoubleSignGuard(_k.Keys[0], new FileSignerStateStore(path));
        var sig = guard.Sign(5, 0, ConsensusStep.Prevote, Bytes(VoteType.Prevote, 5, 0, 1));
        Assert.Throws<DoubleSignException>(() => guard.Sign(5, 0, ConsensusStep.Prevote, Bytes(VoteType.Prevote, 5, 0, 2)));
        guard.Sign(5, 0, ConsensusStep.Precommit, Bytes(VoteType.Precommit, 5, 0, 1));
        Assert.Throws<DoubleSignException>(() => guard.Sign(4, 9, ConsensusStep.Precommit, Bytes(VoteType.Precommit, 4, 9, 1)));

        // A new process with the same file: still refuses, still allows the identical earlier message (WAL replay).
        var restarted = new DoubleSignGuard(_k.Keys[0], new FileSignerStateStore(path));
        Assert.Equal(sig, restarted.Sign(5, 0, ConsensusStep.Prevote, Bytes(VoteType.Prevote, 5, 0, 1)));
        Assert.Throws<DoubleSignException>(() => restarted.Sign(5, 0, ConsensusStep.Prevote, Bytes(VoteType.Prevote, 5, 0, 3)));
        Assert.Throws<DoubleSignException>(() => restarted.Sign(5, 0, ConsensusStep.Precommit, Bytes(VoteType.Precommit, 5, 0, 3)));
        restarted.Sign(5, 1, ConsensusStep.Prevote, Bytes(VoteType.Prevote, 5, 1, 3));
        restarted.Sign(6, 0, ConsensusStep.Propose, Bytes(VoteType.Prevote, 6, 0, 3));
        Assert.False(File.Exists(path + ".tmp"));

        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Throws<InvalidDataException>(() => new DoubleSignGuard(_k.Keys[0], new FileSignerStateStore(path)));
    }

    /// <summary>Drives one validator through a round with WAL logging, then rebuilds it from the WAL.</summary>
    private (DurableConsensus Node, List<ConsensusEffect> Effects) RunLoggedRound(IConsensusWal wal, ISignerStateStore store)
    {
        var (node, effects) = DurableConsensus.Recover(_k.Machine(0, store), wal);
        var all = effects.ToList();
        all.AddRange(node.Handle(new StartHeight(1, _k.Set)));
        var v = TestKeys.Block(1);
        foreach (var e in all.OfType<RequestProposal>().ToList()) all.AddRange(node.Handle(new ProposeValue(e.Height, e.Round, v)));
        if (_k.Set.GetProposer(1, 0).Address != _k.Keys[0].Address) all.AddRange(node.Handle(new ProposalReceived(_k.Proposal(1, 0, -1, v), true)));
        all.AddRange(node.Handle(new VoteReceived(_k.Vote(1, VoteType.Prevote, 1, 0, v))));
        all.AddRange(node.Handle(new VoteReceived(_k.Vote(2, VoteType.Prevote, 1, 0, v))));
        return (node, all);
    }

    [Fact]
    public void Wal_replay_rebuilds_the_state_and_re_signs_the_same_votes()
    {
        var walPath = Path.Combine(_dir, "consensus.wal");
        var store = new FileSignerStateStore(Path.Combine(_dir, "signer.state"));
        List<ConsensusEffect> before;
        TendermintStateMachine original;
        using (var wal = new FileConsensusWal(walPath))
        {
            var (node, effects) = RunLoggedRound(wal, store);
            before = effects;
            original = node.Machine;
        }
        Assert.Equal(TestKeys.Block(1), original.LockedValue);
        using var reopened = new FileConsensusWal(walPath);
        var (recovered, replayEffects) = DurableConsensus.Recover(_k.Machine(0, store), reopened);
        var m = recovered.Machine;
        Assert.Equal((original.Height, original.Round, original.Step, original.LockedValue, original.LockedRound),
                     (m.Height, m.Round, m.Step, m.LockedValue, m.LockedRound));
        var sent = before.OfType<Broadcast>().Select(b => b.Message).OfType<Vote>().Where(v => v.Validator == _k.Keys[0].Address).ToList();
        var resent = replayEffects.OfType<Broadcast>().Select(b => b.Message).OfType<Vote>().Where(v => v.Validator == _k.Keys[0].Address).ToList();
        Assert.Equal(sent, resent);
        Assert.Equal(2, sent.Count);
    }

    [Fact]
    public void A_proposers_value_logged_with_its_answer_comes_back_from_the_file_wal_on_recovery()
    {
        var solo = new TestKeys(1);
        var walPath = Path.Combine(_dir, "proposer.wal");
        var store = new InMemorySignerStateStore();
        var block = new byte[] { 9, 8, 7, 6, 5 };
        using (var wal = new FileConsensusWal(walPath))
        {
            var (node, _) = DurableConsensus.Recover(solo.Machine(0, store), wal);
            var request = node.Handle(new StartHeight(1, solo.Set)).OfType<RequestProposal>().Single();
            var effects = node.Handle(new ProposeValue(request.Height, request.Round, TestKeys.Block(1)) { Value = block });
            Assert.Contains(effects.OfType<Broadcast>().Select(b => b.Message), m => m is Proposal);
        }
        using var reopened = new FileConsensusWal(walPath);
        var (recovered, replayed) = DurableConsensus.Recover(solo.Machine(0, store), reopened);
        var value = Assert.Single(recovered.RecoveredValues);
        Assert.Equal((1UL, 0U, TestKeys.Block(1)), (value.Height, value.Round, value.BlockId));
        Assert.Equal(block, value.Value.ToArray());
        // The replay signs the same proposal again, so the block the driver gets back is the one it must broadcast.
        Assert.Contains(replayed.OfType<Broadcast>().Select(b => b.Message), m => m is Proposal p && p.BlockId == TestKeys.Block(1));
    }

    [Fact]
    public void Losing_the_wal_cannot_make_the_node_equivocate()
    {
        var store = new InMemorySignerStateStore();
        var (_, effects) = RunLoggedRound(new InMemoryConsensusWal(), store);
        var precommit = effects.OfType<Broadcast>().Select(b => b.Message).OfType<Vote>().Single(v => v.Type == VoteType.Precommit && v.Validator == _k.Keys[0].Address);
        // WAL lost: the fresh machine sees the round differently (a timeout first) but the guard refuses the nil votes.
        var (node, _) = DurableConsensus.Recover(_k.Machine(0, store), new InMemoryConsensusWal());
        var after = node.Handle(new StartHeight(1, _k.Set)).ToList();
        after.AddRange(node.Handle(new TimeoutElapsed(1, 0, ConsensusStep.Propose)));
        after.AddRange(node.Handle(new TimeoutElapsed(1, 0, ConsensusStep.Prevote)));
        Assert.DoesNotContain(after.OfType<Broadcast>().Select(b => b.Message).OfType<Vote>(), v => v.Round == 0 && v.BlockId != precommit.BlockId);
    }

    [Fact]
    public void File_wal_cuts_a_torn_tail_and_refuses_damage_in_the_middle()
    {
        var path = Path.Combine(_dir, "torn.wal");
        using (var wal = new FileConsensusWal(path))
        {
            wal.Append(new WalEntry(1, new StartHeight(1, _k.Set)));
            wal.Append(new WalEntry(1, new TimeoutElapsed(1, 0, ConsensusStep.Propose)));
            wal.Append(new WalEntry(1, new VoteReceived(_k.Vote(1, VoteType.Prevote, 1, 0, Hash256.Zero))));
        }
        var full = File.ReadAllBytes(path);
        File.WriteAllBytes(path, full[..^5]);
        using (var wal = new FileConsensusWal(path))
        {
            Assert.Equal(2, wal.ReadAll().Count);
            wal.Append(new WalEntry(2, new TimeoutElapsed(2, 0, ConsensusStep.Propose)));
            wal.TruncateBelow(2);
            Assert.Single(wal.ReadAll());
        }
        using (var wal = new FileConsensusWal(path)) Assert.Equal(2ul, Assert.Single(wal.ReadAll()).Height);
        var bytes = full.ToArray();
        bytes[20] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        Assert.Throws<InvalidDataException>(() => new FileConsensusWal(path));
    }
}
