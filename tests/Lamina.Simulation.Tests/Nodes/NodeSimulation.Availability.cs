using Lamina.Consensus;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Blocks;
using Lamina.L1.Transactions;
using Lamina.Network;
using Lamina.Node.Consensus;
using Lamina.Node.Sidecars;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// Data availability in the whole-node simulation (<see cref="DaScenario"/>): clients post blobs, a faulty validator
/// withholds its own blob's sidecars (all, or all but one) or proposes a data root its blobs do not make, and three
/// invariants are checked as the run goes: no honest validator prevotes a block whose sidecars it does not hold; no
/// honest node commits a block whose data no honest node holds; no honest node refuses an honest proposer's square
/// as badly encoded (<see cref="BlockError.BadDataRoot"/>).
/// </summary>
internal sealed partial class NodeSimulation
{
    private static readonly SigningKey Attacker = SimKeys.Clients(ClientCount + 1)[^1];
    private readonly DaScenario? _da;
    private readonly HashSet<(int Node, ulong Height, uint Round)> _prevotesChecked = []; // lookup only
    // Proposals an honest node handed its state machine as valid while it held every sidecar. Kept across the node's
    // crashes, as its WAL keeps the input: a prevote its restart replays is judged by what it held when it decided.
    private readonly HashSet<(int Node, Hash256 BlockId)> _decidedHolding = []; // lookup only
    private int _replayedPrevotes;
    private int _blobProposalsPrevoted;
    private int _withheldProposals;
    private int _badRootRefusals;
    private readonly Dictionary<Hash256, List<byte[]>> _badRootForged = []; // lookup only
    private readonly Dictionary<Hash256, Hash256> _badRootHashes = []; // lookup only

    private BlobPayload ClientBlob(int client)
    {
        var id = new byte[Namespace.IdSize];
        id[^1] = (byte)(client + 1);
        var data = new byte[_rng.NextInt(1_400) + 100];
        for (var i = 0; i < data.Length; i++) data[i] = (byte)_rng.NextU64();
        return new BlobPayload(Namespace.User(id), 1_000, data);
    }

    /// <summary>The withholding validator keeps one blob of its own in its mempool; its gossip never carries it.</summary>
    private void AttackerTick()
    {
        var node = Nodes[^1];
        if (node.DaFault is not (DaFault.WithholdAll or DaFault.WithholdPart) || !node.Up || node.Chain is not { } chain) return;
        if (chain.GetAccount(Attacker.Address).Nonce != 0) return; // its blob was committed: the invariant below reports it
        var id = new byte[Namespace.IdSize];
        id[^1] = 0xEE;
        var data = Enumerable.Range(0, 3_000).Select(i => (byte)(i * 7)).ToArray();
        var tx = Transaction.Create(Attacker, ChainId, 0, chain.NextBaseFee * 4 + 10, 50, BlobPayload.Gas, new BlobPayload(Namespace.User(id), 1_000, data));
        try
        {
            chain.SubmitTransaction(tx);
        }
        catch (TransactionRejectedException)
        {
            // Already in its pool.
        }
    }

    private void WatchAvailability(WholeNode node)
    {
        var jobs = node.Jobs!;
        if (node.Honest)
        {
            var feed = jobs.Proposals.ProposalReady;
            jobs.Proposals.ProposalReady = received =>
            {
                RecordDecidedHolding(node, jobs, received);
                feed?.Invoke(received);
            };
            jobs.Proposals.Refused += (block, error) => OnRefused(node, block, error);
            node.Chain!.BlockCommitted += (block, _) => CheckCommittedAvailable(node, block);
            return;
        }
        switch (node.DaFault)
        {
            case DaFault.WithholdAll:
                jobs.Sidecars.Fault = SidecarFault.WithholdAll;
                node.Network!.Tamper = ShowProposalsToLightNodes(node, KeepOwnTransactions);
                break;
            case DaFault.WithholdPart:
                jobs.Sidecars.Fault = SidecarFault.WithholdPart;
                node.Network!.Tamper = ShowProposalsToLightNodes(node, KeepOwnTransactions);
                break;
            case DaFault.BadDataRoot:
                node.Network!.Tamper = ForgeDataRoots(node);
                break;
        }
    }

    /// <summary>The withholder also hands each of its proposals' headers to the light nodes, which must not find them available.</summary>
    private Func<int, byte, byte[], IEnumerable<byte[]>> ShowProposalsToLightNodes(WholeNode node, Func<int, byte, byte[], IEnumerable<byte[]>> inner) => (to, channel, payload) =>
    {
        if (channel == ChannelIds.BlockParts && payload.Length > 0 && payload[0] == (byte)BlockPartsKind.ProposalHeader && node.Jobs is { } jobs
            && jobs.Proposals.TryGetBlock(Canonical.Decode<ProposalHeaderMessage>(payload).Proposal.BlockId, out var block)
            && block.Transactions.Any(tx => tx.Sender == Attacker.PublicKey))
        {
            ScheduleSamples(node, block);
        }
        return inner(to, channel, payload);
    };

    private static IEnumerable<byte[]> KeepOwnTransactions(int to, byte channel, byte[] payload)
        => channel == ChannelIds.Transactions ? [] : [payload];

    /// <summary>Invariant: an honest validator prevotes a block with blobs only while it holds every sidecar.</summary>
    private void CheckPrevote(WholeNode from, byte[] payload)
    {
        if (!from.Honest || from.Jobs is not { } jobs) return;
        var vote = Canonical.Decode<Vote>(payload);
        if (vote.Type != VoteType.Prevote || vote.IsNil || vote.Validator != from.Key.Address) return;
        if (!_prevotesChecked.Add((from.Index, vote.Height, vote.Round))) return;
        if (!jobs.Proposals.TryGetBlock(vote.BlockId, out var block))
        {
            if (_decidedHolding.Contains((from.Index, vote.BlockId)))
            {
                _replayedPrevotes++; // decided in an earlier incarnation while it held the data; its WAL replays the vote
                return;
            }
            if (vote.Height > from.Height) _violations.Add($"availability: honest node {from.Index} prevoted {vote.BlockId} at {vote.Height}/{vote.Round} without holding the block");
            return;
        }
        if (BlobSidecars.BlobCount(block) == 0) return;
        if (BlobSidecars.Of(block) is null) _violations.Add($"availability: honest node {from.Index} prevoted block {vote.Height}/{vote.Round} without holding its blob sidecars");
        else _blobProposalsPrevoted++;
    }

    private void RecordDecidedHolding(WholeNode node, ConsensusJobs jobs, ProposalReceived received)
    {
        if (!received.IsValid || !jobs.Proposals.TryGetBlock(received.Proposal.BlockId, out var block)) return;
        if (BlobSidecars.BlobCount(block) == 0 || BlobSidecars.Of(block) is not null) _decidedHolding.Add((node.Index, block.Hash));
    }

    /// <summary>Invariant: a committed block's data is held by some honest node.</summary>
    private void CheckCommittedAvailable(WholeNode node, Block block)
    {
        if (BlobSidecars.BlobCount(block) == 0 || BlobSidecars.Of(block) is not null) return;
        foreach (var n in Nodes)
        {
            if (n.Honest && n.Jobs is { } jobs && jobs.SidecarCache.Hydrate(block) == 0) return;
        }
        _violations.Add($"availability: block {block.Height} committed at node {node.Index} but no honest node holds its blob sidecars");
    }

    private void OnRefused(WholeNode node, Block block, BlockError error)
    {
        if (error == BlockError.BlobsUnavailable) _withheldProposals++;
        if (error != BlockError.BadDataRoot) return;
        var proposer = Nodes.FirstOrDefault(n => n.Key.Address == block.Header.Proposer);
        if (proposer is { Honest: true }) _violations.Add($"availability: honest node {node.Index} refused honest node {proposer.Index}'s square at {block.Height} as badly encoded");
        else _badRootRefusals++;
    }

    /// <summary>
    /// A proposer whose blocks claim a data root their blobs do not make (a blob-free block claims one too): the proposal,
    /// its parts and its sidecars go out for the forged block instead. A validator holding the bytes recomputes the
    /// root and refuses it.
    /// </summary>
    private Func<int, byte, byte[], IEnumerable<byte[]>> ForgeDataRoots(WholeNode node) => (to, channel, payload) =>
    {
        if (channel == SidecarGossip.PushChannel)
        {
            var sidecars = Canonical.Decode<BlobSidecars>(payload);
            return _badRootHashes.TryGetValue(sidecars.BlockHash, out var forgedHash) ? [Canonical.Encode(sidecars with { BlockHash = forgedHash })] : [payload];
        }
        if (channel != ChannelIds.BlockParts || payload.Length == 0) return [payload];
        if (payload[0] != (byte)BlockPartsKind.ProposalHeader)
        {
            return _badRootHashes.ContainsKey(Canonical.Decode<BlockPartMessage>(payload).BlockId) ? [] : [payload];
        }
        var proposal = Canonical.Decode<ProposalHeaderMessage>(payload).Proposal;
        if (_badRootForged.TryGetValue(proposal.BlockId, out var messages)) return messages;
        if (node.Jobs is not { } jobs || !jobs.Proposals.TryGetBlock(proposal.BlockId, out var block)) return [payload];
        // Only its own proposals: one it relays (re-gossip on a lossy network) is another proposer's, and forging that
        // would pin the bad root on an honest proposer (the invariant would then blame the honest node).
        if (block.Header.Proposer != node.Key.Address) return [payload];
        var wrongRoot = DomainHasher.Hash(EquivocationTag, BitConverter.GetBytes(~proposal.Height));
        var bad = new Block(block.Header with { DataRoot = wrongRoot }, block.Transactions, block.LastCommit, block.Evidence);
        var signed = Proposal.Create(ChainId, proposal.Height, proposal.Round, proposal.PolRound, bad.Hash, node.Key);
        var (header, parts) = BlockParts.Split(signed, Canonical.Encode(bad));
        messages = [Canonical.Encode(new ProposalHeaderMessage(signed, header)), .. parts.Select(Canonical.Encode)];
        _badRootForged[proposal.BlockId] = messages;
        _badRootHashes[proposal.BlockId] = bad.Hash;
        _forgedProposals++;
        return messages;
    };

    private string DescribeAvailability()
        => $"da: {_blobProposalsPrevoted} honest prevotes for blocks with blobs, {_withheldProposals} proposals refused for missing sidecars, {_badRootRefusals} refused for a bad data root, {_replayedPrevotes} replayed after a restart";
}
