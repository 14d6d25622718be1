using System.Net;
using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.L1.Blocks;
using Lamina.Network;
using Lamina.Node.Consensus;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>The simulated network: delays, drops, duplicates and a partition before GST, bounded delay after.</summary>
internal sealed partial class NodeSimulation
{
    private static readonly DomainTag EquivocationTag = new("lamina/sim/equivocation");
    private bool[]? _partition;
    private readonly Dictionary<PeerId, int> _indexById = []; // lookup only
    private readonly Dictionary<int, PeerInfo> _infos = []; // lookup only

    private void PlanFaults(SplitMix64 plan)
    {
        for (var i = 0; i < Nodes.Length; i++) _indexById[Nodes[i].PeerId] = i;
        SimulationPlan.Faults(_config, plan, Nodes.Where(n => n.Honest).Select(n => n.Index),
            (at, side) => Schedule(at, new NetworkPartition(side)),
            (node, crashAt, restartAt) =>
            {
                Schedule(crashAt, new NodeCrash(node));
                Schedule(restartAt, new NodeRestart(node));
            });
    }

    public int IndexOf(PeerId peer) => _indexById.GetValueOrDefault(peer, -1);

    private PeerInfo InfoOf(WholeNode node)
    {
        if (!_infos.TryGetValue(node.Index, out var info))
        {
            info = new PeerInfo(node.PeerId, node.Key.PublicKey, new IPEndPoint(IPAddress.Loopback, 20_000 + node.Index), (ushort)(20_000 + node.Index), true);
            _infos[node.Index] = info;
        }
        return info;
    }

    private bool Connected(int a, int b) => _partition is not { } side || side[a] == side[b];

    /// <summary>The peers a node is connected to now: up, running, and on its side of any partition.</summary>
    public IReadOnlyList<PeerInfo> PeersOf(WholeNode node)
    {
        var peers = new List<PeerInfo>(Nodes.Length - 1);
        foreach (var peer in Nodes)
        {
            if (peer != node && peer.Up && peer.Network is not null && Connected(node.Index, peer.Index)) peers.Add(InfoOf(peer));
        }
        return peers;
    }

    private void Repartition(bool[]? side)
    {
        var before = _partition;
        _partition = side;
        if (side is not null || before is null) return;
        // Healed: the peers that were cut off reconnect, and the jobs hand each other what they missed.
        foreach (var a in Nodes)
        {
            foreach (var b in Nodes)
            {
                if (a != b && before[a.Index] != before[b.Index] && a.Up && b.Up && a.Network is { } net && b.Network is not null) net.Connected(InfoOf(b));
            }
        }
    }

    /// <summary>A message leaves a node: before GST it may be cut by the partition, dropped, delayed or duplicated.</summary>
    public void Send(int from, int to, byte channel, byte[] payload)
    {
        if (_da is not null && channel == ChannelIds.Votes) CheckPrevote(Nodes[from], payload);
        if (Now < _config.GstMs)
        {
            if (!Connected(from, to) || _rng.Chance(_config.DropRate)) return;
            Schedule(Now + _rng.NextLong(1, _config.PreGstDelayMaxMs), new WireMessage(from, to, channel, payload));
            if (_rng.Chance(_config.DuplicateRate)) Schedule(Now + _rng.NextLong(1, _config.PreGstDelayMaxMs), new WireMessage(from, to, channel, payload));
        }
        else
        {
            Schedule(Now + Delay(), new WireMessage(from, to, channel, payload));
        }
    }

    private long Delay() => Now < _config.GstMs ? _rng.NextLong(1, _config.PreGstDelayMaxMs) : _rng.NextLong(_config.PostGstDelayMinMs, _config.PostGstDelayMaxMs);

    private void Deliver(WireMessage m)
    {
        Mix(0x2000UL | (ulong)m.Channel << 16 | (ulong)(uint)m.From << 24 | (ulong)(uint)m.To << 40);
        Mix((ulong)m.Payload.Length);
        var node = Nodes[m.To];
        if (!node.Up || node.Network is not { } net || !Connected(m.From, m.To)) return;
        Run(node, () =>
        {
            net.Deliver(m.From, m.Channel, m.Payload);
            if (m.Channel == ChannelIds.Transactions) node.Jobs!.Transactions.AdmitQueued();
        });
    }

    /// <summary>A request: it reaches the server after a delay (or is lost, and the asker times out).</summary>
    public Task<ReadOnlyMemory<byte>> Request(WholeNode asker, int to, byte channel, byte[] payload, TimeSpan timeout)
    {
        var reply = new TaskCompletionSource<ReadOnlyMemory<byte>>();
        var lost = to < 0 || !Connected(asker.Index, to) || (Now < _config.GstMs && _rng.Chance(_config.DropRate));
        if (lost) Schedule(Now + (long)timeout.TotalMilliseconds, new WireReply(asker.Index, asker.Incarnation, null, reply));
        else Schedule(Now + Delay(), new WireRequest(asker.Index, to, channel, payload, reply));
        return reply.Task;
    }

    private void Serve(WireRequest r)
    {
        Mix(0x3000UL | (ulong)(uint)r.From << 24 | (ulong)(uint)r.To << 40);
        var server = Nodes[r.To];
        byte[]? answer = null;
        if (server.Up && server.Network is { } net) Run(server, () => answer = net.Serve(r.From, r.Channel, r.Payload));
        Schedule(Now + (answer is null ? 5_000 : Delay()), new WireReply(r.From, Nodes[r.From].Incarnation, answer, r.Reply));
    }

    private void Complete(WireReply r)
    {
        Mix(0x4000 | (ulong)r.To);
        var asker = Nodes[r.To];
        // The continuation posts to the asker's loop of that incarnation: if it crashed since, the work is dropped.
        if (r.Payload is { } bytes) r.Reply.SetResult(bytes);
        else r.Reply.SetException(new PeerRequestException(asker.PeerId, RequestFailure.Timeout, "no answer in the simulation"));
    }

    /// <summary>Honest nodes must never score each other: every report about an honest peer is a false accusation.</summary>
    public void Reported(WholeNode reporter, PeerId peer, Misbehavior kind, string? detail)
    {
        var accused = IndexOf(peer);
        if (reporter.Honest && accused >= 0 && Nodes[accused].Honest && kind != Misbehavior.Spam)
        {
            _violations.Add($"misbehaviour: honest node {reporter.Index} reported honest node {accused} ({kind}: {detail}) at {Now} ms");
        }
    }

    /// <summary>An equivocating validator: each of its votes also goes out, to about half the peers, for another block.</summary>
    private Func<int, byte, byte[], IEnumerable<byte[]>> Equivocate(WholeNode node) => (to, channel, payload) =>
    {
        if (channel != ChannelIds.Votes) return [payload];
        var vote = Canonical.Decode<Vote>(payload);
        if (vote.Validator != node.Key.Address || !_rng.Chance(0.5)) return [payload];
        _equivocations++;
        var other = vote.IsNil ? DomainHasher.Hash(EquivocationTag, BitConverter.GetBytes(_rng.NextU64())) : Lamina.Core.Hash256.Zero;
        return [payload, Canonical.Encode(Vote.Create(ChainId, vote.Type, vote.Height, vote.Round, other, node.Key))];
    };

    /// <summary>
    /// A validator that proposes invalid blocks: its real proposal is replaced, for every peer, by a signed proposal of
    /// the same block with a wrong state root, sent in Merkle-proven parts like any other. Honest nodes must prevote nil.
    /// </summary>
    private Func<int, byte, byte[], IEnumerable<byte[]>> ForgeProposals(WholeNode node)
    {
        var forged = new Dictionary<Lamina.Core.Hash256, List<byte[]>>(); // lookup only
        return (to, channel, payload) =>
        {
            if (channel != ChannelIds.BlockParts || payload.Length == 0) return [payload];
            if (payload[0] != (byte)BlockPartsKind.ProposalHeader) return []; // only this node's own parts come here
            var proposal = Canonical.Decode<ProposalHeaderMessage>(payload).Proposal;
            if (forged.TryGetValue(proposal.BlockId, out var messages)) return messages;
            if (node.Jobs is not { } jobs || !jobs.Proposals.TryGetBlock(proposal.BlockId, out var block)) return [payload];
            var wrongRoot = DomainHasher.Hash(EquivocationTag, BitConverter.GetBytes(proposal.Height));
            var bad = new Block(block.Header with { StateRoot = wrongRoot }, block.Transactions, block.LastCommit, block.Evidence);
            var signed = Proposal.Create(ChainId, proposal.Height, proposal.Round, proposal.PolRound, bad.Hash, node.Key);
            var (header, parts) = BlockParts.Split(signed, Canonical.Encode(bad));
            messages = [Canonical.Encode(new ProposalHeaderMessage(signed, header)), .. parts.Select(Canonical.Encode)];
            forged[proposal.BlockId] = messages;
            _forgedProposals++;
            return messages;
        };
    }
}
