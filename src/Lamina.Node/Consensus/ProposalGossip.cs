using Lamina.Consensus;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.Network;
using Lamina.Node.Sidecars;

namespace Lamina.Node.Consensus;

/// <summary>
/// The proposal job (channel <see cref="ChannelIds.BlockParts"/>): sends this node's proposals as a signed header and
/// Merkle-proven block parts, reassembles peers' proposals part by part, checks each assembled block (timely, valid on
/// the chain) and hands the consensus loop the proposal with that verdict. Holds the blocks of the current height.
/// </summary>
public sealed class ProposalGossip
{
    private const int MaxAssemblies = 32;
    private const int MaxEarlyParts = 256;
    private readonly Blockchain _chain;
    private readonly IPeerNetwork _net;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<Hash256, Block> _blocks = []; // lookup only
    private readonly Dictionary<(Hash256 BlockId, Hash256 Root), PartSetAssembly> _assemblies = []; // lookup only
    private readonly List<(PeerId From, BlockPartMessage Part)> _earlyParts = [];
    private readonly List<(Proposal Proposal, Block Block)> _awaitingData = [];
    private readonly SidecarGossip? _sidecars;
    private readonly ProposalAvailability? _availability;

    public ProposalGossip(Blockchain chain, IPeerNetwork net, INodeLoop loop, TimeProvider time, ILogger logger,
        SidecarGossip? sidecars = null, ProposalAvailability? availability = null)
    {
        _chain = chain;
        _net = net;
        _time = time;
        _logger = logger;
        _sidecars = sidecars;
        _availability = availability;
        if (sidecars is not null) sidecars.Arrived += RecheckAwaiting;
        net.RegisterHandler(ChannelIds.BlockParts, (from, payload) =>
        {
            loop.Post(() => OnMessage(from, payload));
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>A proposal with its verdict is ready for the state machine (set by the consensus loop).</summary>
    public Action<ProposalReceived>? ProposalReady { get; set; }

    /// <summary>
    /// A proposal this node does not prevote, with why: an invalid block (its <see cref="BlockError"/>), or
    /// <see cref="BlockError.BlobsUnavailable"/> while its sidecars are missing (raised once; they may still come).
    /// </summary>
    public event Action<Block, BlockError>? Refused;

    /// <summary>A peer is ahead of this node: block sync should run (set by the consensus loop).</summary>
    public Action? PeerAhead { get; set; }

    /// <summary>Keeps a block this node built, so its proposal can be sent and its decision committed.</summary>
    public void AddOwn(Block block)
    {
        _blocks[block.Hash] = block;
        _sidecars?.Track(block);
    }

    /// <summary>Proposals held back until their blob sidecars are here (for tests and the simulation's invariants).</summary>
    public int AwaitingData => _awaitingData.Count;

    /// <summary>Asks peers again for the sidecars of every proposal still waiting for them (the consensus loop's resend tick).</summary>
    public void RetryAwaiting()
    {
        foreach (var (_, block) in _awaitingData) _sidecars?.Request(block);
    }

    public bool TryGetBlock(Hash256 hash, out Block block) => _blocks.TryGetValue(hash, out block!);

    /// <summary>The height is over (committed or imported): drop its blocks and half-assembled proposals.</summary>
    public void Clear()
    {
        _blocks.Clear();
        _assemblies.Clear();
        _earlyParts.Clear();
        _awaitingData.Clear();
        _sidecars?.ForgetPending();
    }

    /// <summary>The messages that carry <paramref name="proposal"/> (its header, then every part), or none if the block is unknown here.</summary>
    public IReadOnlyList<byte[]> Encode(Proposal proposal)
    {
        if (!_blocks.TryGetValue(proposal.BlockId, out var block)) return [];
        var (header, parts) = BlockParts.Split(proposal, Canonical.Encode(block));
        var messages = new List<byte[]>(parts.Count + 1) { Canonical.Encode(new ProposalHeaderMessage(proposal, header)) };
        foreach (var part in parts) messages.Add(Canonical.Encode(part));
        return messages;
    }

    private void OnMessage(PeerId from, ReadOnlyMemory<byte> payload)
    {
        if (payload.IsEmpty)
        {
            _net.ReportMisbehavior(from, Misbehavior.Malformed, "empty block-parts message");
            return;
        }
        try
        {
            if (payload.Span[0] == (byte)BlockPartsKind.ProposalHeader) OnProposalHeader(from, Canonical.Decode<ProposalHeaderMessage>(payload.Span));
            else OnBlockPart(from, Canonical.Decode<BlockPartMessage>(payload.Span));
        }
        catch (CodecException e)
        {
            _net.ReportMisbehavior(from, Misbehavior.Malformed, e.Message);
        }
    }

    private void OnProposalHeader(PeerId from, ProposalHeaderMessage message)
    {
        var proposal = message.Proposal;
        if (proposal.Height <= _chain.Height) return;
        if (proposal.Height > _chain.Height + 1)
        {
            PeerAhead?.Invoke();
            return;
        }
        if (!SignedByRoundProposer(proposal))
        {
            // Checked before any part is kept or any block validated, as CometBFT's setProposal does: otherwise anyone
            // could make every node assemble and execute blocks under a proposal the state machine will discard.
            _net.ReportMisbehavior(from, Misbehavior.Invalid, $"proposal {proposal.Height}/{proposal.Round} is not signed by that round's proposer");
            return;
        }
        if (_blocks.TryGetValue(proposal.BlockId, out var known))
        {
            // The block is already here (our own, or assembled earlier): only the signed proposal is news.
            Offer(proposal, known);
            return;
        }
        var key = (proposal.BlockId, message.Parts.Root);
        if (_assemblies.ContainsKey(key) || _assemblies.Count >= MaxAssemblies) return;
        _assemblies[key] = new PartSetAssembly(proposal, message.Parts);
        foreach (var (early, part) in _earlyParts.ToArray())
        {
            if (part.BlockId != proposal.BlockId) continue;
            _earlyParts.Remove((early, part));
            OnBlockPart(early, part);
        }
    }

    private bool SignedByRoundProposer(Proposal proposal)
    {
        var proposer = _chain.ValidatorSetFor(proposal.Height).GetProposer(proposal.Height, proposal.Round);
        return proposal.Proposer == proposer.Address && proposal.VerifySignature(_chain.ChainId, proposer.PublicKey);
    }

    private void OnBlockPart(PeerId from, BlockPartMessage part)
    {
        if (part.Height != _chain.Height + 1 || _blocks.ContainsKey(part.BlockId)) return;
        var matched = false;
        foreach (var (key, assembly) in _assemblies.ToArray())
        {
            if (key.BlockId != part.BlockId) continue;
            matched = true;
            if (TryComplete(from, key, assembly, part) is not { } block) continue;
            _blocks[block.Hash] = block;
            _sidecars?.Track(block);
            Offer(assembly.Proposal, block);
            return;
        }
        if (!matched && _earlyParts.Count < MaxEarlyParts) _earlyParts.Add((from, part));
    }

    /// <summary>Adds the part; returns the block once the proposal is complete and really is the proposed block.</summary>
    private Block? TryComplete(PeerId from, (Hash256 BlockId, Hash256 Root) key, PartSetAssembly assembly, BlockPartMessage part)
    {
        try
        {
            if (!assembly.Add(part) || !assembly.IsComplete) return null;
        }
        catch (Lamina.Core.Merkle.InvalidMerkleProofException e)
        {
            _net.ReportMisbehavior(from, Misbehavior.Invalid, $"block part: {e.Message}");
            return null;
        }
        _assemblies.Remove(key);
        Block block;
        try
        {
            block = Canonical.Decode<Block>(assembly.Assemble());
        }
        catch (CodecException e)
        {
            _net.ReportMisbehavior(from, Misbehavior.Invalid, $"assembled block does not decode: {e.Message}");
            return null;
        }
        if (block.Hash != assembly.Proposal.BlockId || block.Height != assembly.Proposal.Height)
        {
            _net.ReportMisbehavior(from, Misbehavior.Invalid, "assembled block is not the proposed one");
            return null;
        }
        return block;
    }

    /// <summary>
    /// Hands the state machine a proposal once its data is available (<see cref="ProposalAvailability"/>): at once for a
    /// block without blobs or whose sidecars are held; never for a block shown badly encoded; otherwise it waits for
    /// the sidecars (asked of every peer), and the propose timeout makes this validator prevote nil meanwhile.
    /// </summary>
    private void Offer(Proposal proposal, Block block)
    {
        var check = _availability?.Check(block) ?? new AvailabilityCheck(Availability.NoBlobs, 0);
        switch (check.Verdict)
        {
            case Availability.BadlyEncoded:
                _logger.LogWarning("Proposal {Height} is badly encoded (a bad-encoding proof names it); prevoting nil", block.Height);
                ProposalReady?.Invoke(new ProposalReceived(proposal, false));
                return;
            case Availability.Missing:
                if (!_awaitingData.Exists(a => a.Proposal == proposal))
                {
                    _awaitingData.Add((proposal, block));
                    Refused?.Invoke(block, BlockError.BlobsUnavailable);
                }
                _logger.LogInformation("Proposal {Height} round {Round}: {Missing} blob sidecars not held; not prevoting it until they are", block.Height, proposal.Round, check.Missing);
                _sidecars?.Request(block);
                return;
            default:
                ProposalReady?.Invoke(new ProposalReceived(proposal, IsValidProposal(block, proposal.PolRound)));
                return;
        }
    }

    private void RecheckAwaiting()
    {
        if (_awaitingData.Count == 0) return;
        foreach (var (proposal, block) in _awaitingData.ToArray())
        {
            if (block.Height != _chain.Height + 1)
            {
                _awaitingData.Remove((proposal, block));
                continue;
            }
            if (_availability!.Check(block).Verdict == Availability.Missing) continue;
            _awaitingData.Remove((proposal, block));
            Offer(proposal, block);
        }
    }

    /// <summary>Whether to prevote the block: timely by <see cref="ProposalTimeliness"/>, and valid on the chain.</summary>
    private bool IsValidProposal(Block block, long polRound)
    {
        if (ProposalTimeliness.Check(block.Header.TimeMs, _time.GetUtcNow().ToUnixTimeMilliseconds(), polRound) is { } untimely)
        {
            _logger.LogWarning("Proposal {Height} is {Reason}; prevoting nil", block.Height, untimely);
            return false;
        }
        try
        {
            _chain.ValidateProposal(block);
            return true;
        }
        catch (InvalidBlockException e)
        {
            _logger.LogWarning("Invalid proposal at height {Height}: {Reason}", block.Height, e.Message);
            Refused?.Invoke(block, e.Error);
            return false;
        }
    }
}
