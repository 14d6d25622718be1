using System.Net;
using Lamina.Consensus;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.L1.Transactions;
using Lamina.Network;
using Lamina.Node.Consensus;
using Lamina.Node.Sidecars;
using Lamina.Node.Tests.Support;
using Lamina.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lamina.Node.Tests.Sidecars;

/// <summary>
/// The validator's availability rule, with the real proposal gossip, sidecar job and Tendermint state machine: a
/// proposal whose blob sidecars are not here never reaches the state machine, so the propose timeout makes the
/// validator prevote nil; sidecars that do not match the block's commitments are refused with their reason and the
/// sender is scored; the right sidecars make it prevote the block.
/// </summary>
public sealed class SidecarPrevoteTests : IDisposable
{
    private const string ChainId = "lamina-sidecar-test";
    private readonly SigningKey _proposer = SigningKey.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray());
    private readonly SigningKey _validator = SigningKey.FromSeed(Enumerable.Repeat((byte)2, 32).ToArray());
    private readonly SigningKey _sender = SigningKey.FromSeed(Enumerable.Repeat((byte)3, 32).ToArray());
    private readonly InMemoryStore _proposerStore = new();
    private readonly InMemoryStore _validatorStore = new();
    private readonly GenesisConfig _genesis;
    private readonly ValidatorSet _set;
    private readonly FakeNetwork _net = new();
    private readonly List<ProposalReceived> _ready = [];
    private readonly ProposalGossip _gossip;
    private readonly SidecarGossip _sidecars;
    private readonly Blockchain _producer;
    private readonly Block _block;
    private readonly Proposal _proposal;

    public SidecarPrevoteTests()
    {
        // The proposer holds nearly all the power, so it proposes height 1, round 0.
        _set = new ValidatorSet([new Validator(_proposer.PublicKey, 1_000), new Validator(_validator.PublicKey, 1)]);
        _genesis = new GenesisConfig(ChainId, 1_700_000_000_000, ChainParameters.Default, _set,
            [(_sender.Address, UInt128.Parse("1000000000000000000000000"))], ["p", "v"], blobs: BlobParameters.Default);
        var time = new FixedTime(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_001_000));
        _producer = new Blockchain(new ChainStore(_proposerStore), _genesis, time);
        var chain = new Blockchain(new ChainStore(_validatorStore), _genesis, time);
        Assert.Equal(_proposer.Address, _set.GetProposer(1, 0).Address);

        var id = new byte[Namespace.IdSize];
        id[^1] = 7;
        // The proposer's own blob, never gossiped: only its sidecar can bring the bytes to the validator.
        _producer.SubmitTransaction(Transaction.Create(_sender, ChainId, 0, 10_000, 2, 30_000, new BlobPayload(Namespace.User(id), 10, Enumerable.Range(0, 3_000).Select(i => (byte)i).ToArray())));
        _block = _producer.BuildBlock(_proposer.Address, null, []).Block;
        _proposal = Proposal.Create(ChainId, 1, 0, -1, _block.Hash, _proposer);

        var loop = new ImmediateLoop();
        var cache = new BlobSidecarCache(chain);
        _sidecars = new SidecarGossip(chain, _net, loop, cache, NullLogger.Instance);
        _gossip = new ProposalGossip(chain, _net, loop, time, NullLogger.Instance, _sidecars, new ProposalAvailability(cache)) { ProposalReady = _ready.Add };
    }

    /// <summary>Delivers the proposal as the wire carries it: the signed header and the block parts (commitments, no bytes).</summary>
    private void DeliverProposal()
    {
        var (header, parts) = BlockParts.Split(_proposal, Canonical.Encode(_block));
        _net.Deliver(ChannelIds.BlockParts, Canonical.Encode(new ProposalHeaderMessage(_proposal, header)));
        foreach (var part in parts) _net.Deliver(ChannelIds.BlockParts, Canonical.Encode(part));
    }

    private TendermintStateMachine ValidatorMachine(out IReadOnlyList<ConsensusEffect> started)
    {
        var machine = new TendermintStateMachine(ChainId, ConsensusConfig.Default, new DoubleSignGuard(_validator, new InMemorySignerStateStore()));
        started = machine.Handle(new StartHeight(1, _set));
        return machine;
    }

    private static Vote? Prevote(IEnumerable<ConsensusEffect> effects)
        => effects.OfType<Broadcast>().Select(b => b.Message).OfType<Vote>().FirstOrDefault(v => v.Type == VoteType.Prevote);

    [Fact]
    public void A_proposal_whose_sidecars_are_missing_is_held_back_and_the_validator_prevotes_nil()
    {
        var machine = ValidatorMachine(out _);
        DeliverProposal();

        Assert.Empty(_ready); // never offered to the state machine
        Assert.Equal(1, _gossip.AwaitingData);
        Assert.Contains(_net.Requests, r => r.Channel == SidecarGossip.RequestChannel);
        var effects = machine.Handle(new TimeoutElapsed(1, 0, ConsensusStep.Propose));
        var prevote = Prevote(effects);
        Assert.NotNull(prevote);
        Assert.True(prevote!.BlockId.IsZero, "a validator without the sidecars must prevote nil");
    }

    [Fact]
    public void A_proposal_not_signed_by_the_rounds_proposer_is_dropped_before_its_block_is_assembled_or_its_data_asked_for()
    {
        var forged = Proposal.Create(ChainId, 1, 0, -1, _block.Hash, _validator); // a validator, but not this round's proposer
        var (header, parts) = BlockParts.Split(forged, Canonical.Encode(_block));
        _net.Deliver(ChannelIds.BlockParts, Canonical.Encode(new ProposalHeaderMessage(forged, header)));
        foreach (var part in parts) _net.Deliver(ChannelIds.BlockParts, Canonical.Encode(part));

        Assert.Empty(_ready);
        Assert.Equal(0, _gossip.AwaitingData);
        Assert.False(_gossip.TryGetBlock(_block.Hash, out _));
        Assert.DoesNotContain(_net.Requests, r => r.Channel == SidecarGossip.RequestChannel);
        Assert.Contains(Misbehavior.Invalid, _net.Misbehaviour);

        // The genuine proposal for the same block still goes through.
        DeliverProposal();
        Assert.Equal(1, _gossip.AwaitingData);
    }

    [Fact]
    public void Mismatching_sidecars_are_refused_with_their_reason_and_matching_ones_make_the_validator_prevote_the_block()
    {
        var machine = ValidatorMachine(out _);
        DeliverProposal();
        var refused = new List<SidecarError>();
        _sidecars.Refused += (_, error) => refused.Add(error);

        var genuine = BlobSidecars.Of(_block)!;
        var tampered = genuine.Blobs[0].ToArray();
        tampered[100] ^= 0xFF;
        _net.Deliver(SidecarGossip.PushChannel, Canonical.Encode(genuine with { Blobs = [tampered] }));
        _net.Deliver(SidecarGossip.PushChannel, Canonical.Encode(genuine with { Blobs = [genuine.Blobs[0][..100]] }));
        _net.Deliver(SidecarGossip.PushChannel, Canonical.Encode(genuine with { Blobs = [genuine.Blobs[0], genuine.Blobs[0]] }));
        Assert.Equal([SidecarError.CommitmentMismatch, SidecarError.LengthMismatch, SidecarError.WrongBlock], refused);
        Assert.Equal(3, _net.Misbehaviour.Count(m => m == Misbehavior.Invalid));
        Assert.Empty(_ready);

        _net.Deliver(SidecarGossip.PushChannel, Canonical.Encode(genuine));
        var offered = Assert.Single(_ready);
        Assert.True(offered.IsValid);
        Assert.Equal(0, _gossip.AwaitingData);
        var prevote = Prevote(machine.Handle(offered));
        Assert.Equal(_block.Hash, prevote!.BlockId);
    }

    [Fact]
    public void Sidecars_that_build_a_square_other_than_the_header_commits_to_get_the_block_refused()
    {
        // The proposer lies about the data root: the sidecars match their commitments, the square does not match the header.
        var forged = new Block(_block.Header with { DataRoot = new Hash256(Enumerable.Repeat((byte)0x5a, 32).ToArray()) }, _block.Transactions, _block.LastCommit, _block.Evidence);
        var proposal = Proposal.Create(ChainId, 1, 0, -1, forged.Hash, _proposer);
        var (header, parts) = BlockParts.Split(proposal, Canonical.Encode(forged));
        _net.Deliver(ChannelIds.BlockParts, Canonical.Encode(new ProposalHeaderMessage(proposal, header)));
        foreach (var part in parts) _net.Deliver(ChannelIds.BlockParts, Canonical.Encode(part));
        _net.Deliver(SidecarGossip.PushChannel, Canonical.Encode(BlobSidecars.Of(_block)! with { BlockHash = forged.Hash }));

        var offered = Assert.Single(_ready);
        Assert.False(offered.IsValid);
        var machine = ValidatorMachine(out _);
        Assert.True(Prevote(machine.Handle(offered))!.BlockId.IsZero);
    }

    public void Dispose()
    {
        _proposerStore.Dispose();
        _validatorStore.Dispose();
        _proposer.Dispose();
        _validator.Dispose();
        _sender.Dispose();
    }

    private sealed class FakeNetwork : IPeerNetwork
    {
        private static readonly PeerId Peer = PeerId.FromPublicKey(SigningKey.FromSeed(Enumerable.Repeat((byte)9, 32).ToArray()).PublicKey);
        private readonly Dictionary<byte, Func<PeerId, ReadOnlyMemory<byte>, ValueTask>> _handlers = [];

        public List<(byte Channel, byte[] Payload)> Requests { get; } = [];
        public List<Misbehavior> Misbehaviour { get; } = [];
        public PeerId Id => PeerId.FromPublicKey(SigningKey.FromSeed(new byte[32]).PublicKey);
        public IReadOnlyList<PeerInfo> Peers { get; } =
            [new PeerInfo(Peer, SigningKey.FromSeed(Enumerable.Repeat((byte)9, 32).ToArray()).PublicKey, new IPEndPoint(IPAddress.Loopback, 1), 1, true)];
#pragma warning disable CS0067 // no peer connects in these tests
        public event Action<PeerInfo>? PeerConnected;
        public event Action<PeerInfo, DisconnectReason>? PeerDisconnected { add { } remove { } }
#pragma warning restore CS0067

        public void Deliver(byte channel, byte[] payload) => _handlers[channel](Peer, payload).AsTask().GetAwaiter().GetResult();
        public void RegisterHandler(byte channel, Func<PeerId, ReadOnlyMemory<byte>, ValueTask> handler) => _handlers[channel] = handler;
        public void RegisterRequestHandler(byte channel, Func<PeerId, ReadOnlyMemory<byte>, CancellationToken, ValueTask<byte[]>> handler) { }
        public bool Send(PeerId peer, byte channel, ReadOnlySpan<byte> payload) => true;
        public int Broadcast(byte channel, ReadOnlySpan<byte> payload, PeerId? except = null) => 1;

        public Task<ReadOnlyMemory<byte>> RequestAsync(PeerId peer, byte channel, ReadOnlyMemory<byte> payload, TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            Requests.Add((channel, payload.ToArray()));
            // The peer holds nothing: "not held" is a sidecar message without blobs.
            return Task.FromResult<ReadOnlyMemory<byte>>(Canonical.Encode(Canonical.Decode<SidecarRequest>(payload.Span) is var r ? BlobSidecars.NotHeld(r.Height, r.BlockHash) : null!));
        }

        public void ReportMisbehavior(PeerId peer, Misbehavior kind, string? detail = null) => Misbehaviour.Add(kind);
    }
}
