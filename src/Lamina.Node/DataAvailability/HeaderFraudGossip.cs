using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability;
using Lamina.L1.Blocks;
using Lamina.Network;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// Bad-encoding proofs (push channel <see cref="BadEncodingGossip.Channel"/>, <see cref="BadEncodingFraud"/>) at a node
/// without a chain of its own — a light node, or a DA node that follows only headers — checked against the headers its
/// light client verified (<see cref="LightFraudIntake"/>). A valid proof rejects the header for good (Celestia's rule),
/// is raised as <see cref="Rejected"/> and passed on once to every other peer, so a proof an honest node finds reaches
/// the light nodes behind it; an invalid one scores its sender; one about a height not verified here yet waits (at most
/// <see cref="MaxPending"/>) until the light client gets there.
/// </summary>
public sealed class HeaderFraudGossip
{
    public const int MaxPending = 64;
    private readonly IPeerNetwork _net;
    private readonly LightFraudIntake _intake;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, (PeerId? From, byte[] Payload)> _pending = []; // lookup only
    private readonly HashSet<(ulong Height, Hash256 Block)> _relayed = []; // lookup only

    public HeaderFraudGossip(IPeerNetwork net, LightFraudIntake intake, ILogger logger)
    {
        _net = net;
        _intake = intake;
        _logger = logger;
        intake.HeaderVerified += Verified;
    }

    /// <summary>A header was shown to commit to a badly encoded square.</summary>
    public event Action<BlockHeader>? Rejected;

    public void Register() => _net.RegisterHandler(BadEncodingGossip.Channel, (from, payload) =>
    {
        OnMessage(from, payload.ToArray());
        return ValueTask.CompletedTask;
    });

    /// <summary>This node's own proof (a DA node that found a bad encoding): checked like any other, then sent to every peer.</summary>
    public void Publish(BadEncodingFraud fraud) => Check(null, Canonical.Encode(fraud));

    public void OnMessage(PeerId from, byte[] payload)
    {
        BadEncodingFraud fraud;
        try
        {
            fraud = Canonical.Decode<BadEncodingFraud>(payload);
        }
        catch (CodecException e)
        {
            _net.ReportMisbehavior(from, Misbehavior.Malformed, $"bad-encoding proof: {e.Message}");
            return;
        }
        var proof = fraud.Proof;
        if (_intake.Verdicts.IsRejected(proof.Height, proof.HeaderHash)) return;
        if (!_intake.Knows(proof.Height))
        {
            lock (_gate)
            {
                if (_pending.Count < MaxPending) _pending.TryAdd(proof.Height, (from, payload));
            }
            return;
        }
        Check(from, payload);
    }

    private void Verified(ulong height)
    {
        (PeerId? From, byte[] Payload) waiting;
        lock (_gate)
        {
            if (!_pending.Remove(height, out waiting)) return;
        }
        Check(waiting.From, waiting.Payload);
    }

    private void Check(PeerId? from, byte[] payload)
    {
        BlockHeader header;
        try
        {
            header = _intake.Accept(payload);
        }
        catch (InvalidBadEncodingProofException e)
        {
            if (from is { } sender) _net.ReportMisbehavior(sender, Misbehavior.Invalid, $"bad-encoding proof: {e.Message}");
            _logger.LogWarning("Refused a bad-encoding proof from {Peer}: {Error}: {Message}", from?.ToString() ?? "this node", e.Error, e.Message);
            return;
        }
        lock (_gate)
        {
            if (!_relayed.Add((header.Height, header.Hash))) return;
        }
        _logger.LogError("Block {Height} {Hash} was shown badly encoded: its header is rejected here", header.Height, header.Hash);
        _net.Broadcast(BadEncodingGossip.Channel, payload, from);
        Rejected?.Invoke(header);
    }
}
