using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.Network;
using Lamina.Node.Consensus;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// Bad-encoding fraud proofs on the network (push channel <see cref="Channel"/>, <see cref="BadEncodingFraud"/>): a
/// node checks each against the header it names — a proposal of the current height it holds, or a committed block —
/// through <see cref="BadEncodingVerdicts.Accept"/>. A valid one is recorded (so <see cref="Sidecars.ProposalAvailability"/>
/// offers that block as invalid: this validator prevotes nil on it), passed on to every other peer once, and raised as
/// <see cref="Accepted"/>; an invalid one is refused with its <see cref="BadEncodingError"/> and scored as the sender's
/// misbehaviour. A proof about a header this node does not hold is dropped unscored (it may be about a fork it never
/// saw). Runs on the <see cref="INodeLoop"/>.
/// </summary>
public sealed class BadEncodingGossip
{
    /// <summary>After the DA share channel (32) and the sidecar channels (33, 34).</summary>
    public const byte Channel = ChannelIds.BadEncodingProofs;

    /// <summary>A proof of 2k shares of 512 bytes with their NMT proofs plus 4k roots: about 4.4 MiB at k = 512.</summary>
    public const int MaxPayload = 6 * 1024 * 1024;

    private readonly Blockchain _chain;
    private readonly IPeerNetwork _net;
    private readonly ProposalGossip _proposals;
    private readonly ILogger _logger;
    private readonly HashSet<(ulong Height, Hash256 Block)> _relayed = []; // lookup only

    public BadEncodingGossip(Blockchain chain, IPeerNetwork net, INodeLoop loop, BadEncodingVerdicts verdicts, ProposalGossip proposals, ILogger logger)
    {
        _chain = chain;
        _net = net;
        _proposals = proposals;
        _logger = logger;
        Verdicts = verdicts;
        net.RegisterHandler(Channel, (from, payload) =>
        {
            var copy = payload.ToArray();
            loop.Post(() => OnMessage(from, copy));
            return ValueTask.CompletedTask;
        });
    }

    public BadEncodingVerdicts Verdicts { get; }

    /// <summary>A valid proof was recorded against this header.</summary>
    public event Action<BlockHeader>? Accepted;

    /// <summary>A peer's proof was refused, with why (null: it did not decode).</summary>
    public event Action<PeerId, BadEncodingError?>? Refused;

    /// <summary>Proofs dropped because the header they name is not held here.</summary>
    public int UnknownHeader { get; private set; }

    /// <summary>Checks this node's own proof and, when valid, sends it to every peer. Call on the loop.</summary>
    public void Publish(BadEncodingFraud fraud)
    {
        if (HeaderOf(fraud.Proof) is not { } header) throw new InvalidBadEncodingProofException(BadEncodingError.WrongHeader, $"block {fraud.Proof.Height} {fraud.Proof.HeaderHash} is not held here");
        Verdicts.Accept(fraud.Proof, header, fraud.Roots);
        Relay(header, Canonical.Encode(fraud), except: null);
    }

    /// <summary>A peer's message. Call on the loop.</summary>
    public void OnMessage(PeerId from, ReadOnlyMemory<byte> payload)
    {
        BadEncodingFraud fraud;
        try
        {
            fraud = Canonical.Decode<BadEncodingFraud>(payload.Span);
        }
        catch (CodecException e)
        {
            _net.ReportMisbehavior(from, Misbehavior.Malformed, $"bad-encoding proof: {e.Message}");
            Refused?.Invoke(from, null);
            return;
        }
        var proof = fraud.Proof;
        if (Verdicts.IsRejected(proof.Height, proof.HeaderHash)) return;
        if (HeaderOf(proof) is not { } header)
        {
            UnknownHeader++;
            return;
        }
        try
        {
            Verdicts.Accept(proof, header, fraud.Roots);
        }
        catch (InvalidBadEncodingProofException e)
        {
            _logger.LogWarning("Refused a bad-encoding proof about block {Height} from {Peer}: {Reason}", proof.Height, from, e.Message);
            _net.ReportMisbehavior(from, Misbehavior.Invalid, $"bad-encoding proof: {e.Message}");
            Refused?.Invoke(from, e.Error);
            return;
        }
        Relay(header, payload.Span, from);
    }

    private void Relay(BlockHeader header, ReadOnlySpan<byte> message, PeerId? except)
    {
        if (!_relayed.Add((header.Height, header.Hash))) return;
        if (header.Height <= _chain.Height) _logger.LogError("Committed block {Height} {Hash} was shown badly encoded: its data cannot be trusted", header.Height, header.Hash);
        else _logger.LogWarning("Proposal {Height} {Hash} was shown badly encoded; it gets no prevote here", header.Height, header.Hash);
        _net.Broadcast(Channel, message, except);
        Accepted?.Invoke(header);
    }

    private BlockHeader? HeaderOf(BadEncodingProof proof)
    {
        if (_proposals.TryGetBlock(proof.HeaderHash, out var pending) && pending.Height == proof.Height) return pending.Header;
        return proof.Height <= _chain.Height && _chain.Store.GetBlock(proof.Height) is { } committed && committed.Hash == proof.HeaderHash ? committed.Header : null;
    }
}
