using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.L1.Chain;
using Lamina.Network;

namespace Lamina.Node.Consensus;

/// <summary>
/// The evidence job: double-sign evidence this node detects or receives is verified, pooled for the next block this
/// node proposes, and passed on to peers once (channel <see cref="ChannelIds.Evidence"/>).
/// </summary>
public sealed class EvidenceGossip
{
    private readonly Blockchain _chain;
    private readonly IPeerNetwork _net;
    private readonly ILogger _logger;

    public EvidenceGossip(Blockchain chain, IPeerNetwork net, INodeLoop loop, ILogger logger)
    {
        _chain = chain;
        _net = net;
        _logger = logger;
        net.RegisterHandler(ChannelIds.Evidence, (from, payload) =>
        {
            loop.Post(() => OnEvidence(from, payload));
            return ValueTask.CompletedTask;
        });
    }

    public EvidencePool Pool { get; } = new();

    /// <summary>This node's state machine caught a validator equivocating: pool the evidence and tell the peers.</summary>
    public void Detected(DuplicateVoteEvidence evidence)
    {
        if (!Pool.Add(evidence)) return;
        _logger.LogWarning("Double signing by {Validator} at height {Height}; evidence queued for a block", evidence.Validator, evidence.Height);
        _net.Broadcast(ChannelIds.Evidence, Canonical.Encode(evidence));
    }

    private void OnEvidence(PeerId from, ReadOnlyMemory<byte> payload)
    {
        DuplicateVoteEvidence evidence;
        try
        {
            evidence = Canonical.Decode<DuplicateVoteEvidence>(payload.Span);
        }
        catch (CodecException e)
        {
            _net.ReportMisbehavior(from, Misbehavior.Malformed, e.Message);
            return;
        }
        if (evidence.Height == 0 || evidence.Height > _chain.Height + 1) return;
        try
        {
            evidence.Verify(_chain.ChainId, _chain.ValidatorSetFor(evidence.Height));
        }
        catch (InvalidEvidenceException e)
        {
            _net.ReportMisbehavior(from, Misbehavior.Invalid, e.Message);
            return;
        }
        if (Pool.Add(evidence)) _net.Broadcast(ChannelIds.Evidence, payload.Span, except: from);
    }
}
