using System.Net;
using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.L1.Transactions;
using Lamina.Network;
using Lamina.Node.Consensus;
using Lamina.Node.DataAvailability;
using Lamina.Node.Tests.Support;
using Lamina.Storage;

namespace Lamina.Node.Tests.DataAvailability;

/// <summary>
/// Bad-encoding proofs on the network, with the real consensus jobs of a validator: a proposer commits its header to
/// a square whose parity it corrupted and withholds the sidecars; a valid proof gossiped to the validator makes it
/// offer that proposal to the state machine as invalid (a nil prevote) and pass the proof on; a proof about an honest
/// axis, a message that does not decode and a proof about an unknown header are refused or dropped with their reasons.
/// </summary>
public sealed class BadEncodingGossipTests : IDisposable
{
    private const string ChainId = "lamina-bad-encoding-test";
    private readonly SigningKey _proposer = SigningKey.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray());
    private readonly SigningKey _validator = SigningKey.FromSeed(Enumerable.Repeat((byte)2, 32).ToArray());
    private readonly SigningKey _sender = SigningKey.FromSeed(Enumerable.Repeat((byte)3, 32).ToArray());
    private readonly InMemoryStore _producerStore = new();
    private readonly InMemoryStore _validatorStore = new();
    private readonly RecordingNetwork _net = new();
    private readonly List<ProposalReceived> _ready = [];
    private readonly ConsensusJobs _jobs;
    private readonly Block _badBlock;
    private readonly Proposal _proposal;
    private readonly BadEncodingFraud _fraud;
    private readonly BadEncodingFraud _honestAxis;
    private readonly DataAvailabilityHeader _honestRoots;

    public BadEncodingGossipTests()
    {
        var set = new ValidatorSet([new Validator(_proposer.PublicKey, 1_000), new Validator(_validator.PublicKey, 1)]);
        var genesis = new GenesisConfig(ChainId, 1_700_000_000_000, ChainParameters.Default, set,
            [(_sender.Address, UInt128.Parse("1000000000000000000000000"))], ["p", "v"], blobs: BlobParameters.Default);
        var time = new FixedTime(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_001_000));
        var producer = new Blockchain(new ChainStore(_producerStore), genesis, time);
        var chain = new Blockchain(new ChainStore(_validatorStore), genesis, time);
        var id = new byte[Namespace.IdSize];
        id[^1] = 7;
        producer.SubmitTransaction(Transaction.Create(_sender, ChainId, 0, 10_000, 2, 30_000,
            new BlobPayload(Namespace.User(id), 10, Enumerable.Range(0, 3_000).Select(i => (byte)(i * 3)).ToArray())));
        var honestBlock = producer.BuildBlock(_proposer.Address, null, []).Block;

        // The proposer corrupts one parity share of its extended square and commits its header to the result.
        var honest = ExtendedSquare.Extend(DataSquare.FromBlobs(BlobModule.BlobsOf(honestBlock.Transactions)), GfIsa.Scalar);
        var bytes = honest.Bytes.ToArray();
        bytes[((1 * honest.Width) + honest.Width - 1) * Share.Size + 77] ^= 0x5A;
        var corrupted = SquareRepair.Repair(honest.OriginalWidth, bytes, Enumerable.Repeat(true, honest.Width * honest.Width).ToArray(), GfIsa.Scalar);
        var roots = corrupted.ComputeHeader();
        _honestRoots = honest.ComputeHeader();
        var wire = Canonical.Decode<Block>(Canonical.Encode(honestBlock)); // as the wire carries it: commitments, no bytes
        _badBlock = new Block(wire.Header with { DataRoot = roots.DataRoot }, wire.Transactions, wire.LastCommit);
        _proposal = Proposal.Create(ChainId, 1, 0, -1, _badBlock.Hash, _proposer);
        _fraud = new BadEncodingFraud(roots, BadEncodingDetector.Find(corrupted, _badBlock.Hash, 1)!);
        _honestAxis = new BadEncodingFraud(roots, BadEncodingProof.Create(corrupted, _badBlock.Hash, 1, Axis.Row, 0));

        _jobs = new ConsensusJobs(chain, _net, new ImmediateLoop(), _validator, TimeSpan.FromMilliseconds(50), time, null,
            () => throw new InvalidOperationException("not started in these tests"));
        _jobs.Proposals.ProposalReady = _ready.Add;
    }

    private void DeliverProposal()
    {
        var (header, parts) = BlockParts.Split(_proposal, Canonical.Encode(_badBlock));
        _net.Deliver(ChannelIds.BlockParts, Canonical.Encode(new ProposalHeaderMessage(_proposal, header)));
        foreach (var part in parts) _net.Deliver(ChannelIds.BlockParts, Canonical.Encode(part));
    }

    [Fact]
    public void A_valid_proof_makes_the_validator_refuse_the_withheld_proposal_and_is_passed_on()
    {
        DeliverProposal();
        Assert.Empty(_ready); // its sidecars are withheld: held back, the propose timeout will prevote nil
        Assert.Equal(1, _jobs.Proposals.AwaitingData);
        var accepted = new List<BlockHeader>();
        _jobs.BadEncoding.Accepted += accepted.Add;

        _net.Deliver(BadEncodingGossip.Channel, Canonical.Encode(_fraud));
        Assert.True(_jobs.BadEncoding.Verdicts.IsRejected(1, _badBlock.Hash));
        Assert.Equal([_badBlock.Hash], accepted.Select(h => h.Hash));
        // Offered to the state machine now, as invalid: this validator prevotes nil on it, whatever sidecars come later.
        var offered = Assert.Single(_ready);
        Assert.Equal(_proposal, offered.Proposal);
        Assert.False(offered.IsValid);
        Assert.Equal(0, _jobs.Proposals.AwaitingData);
        // Passed on once to the other peers (not back to the sender), and not again.
        Assert.Equal([(BadEncodingGossip.Channel, (PeerId?)RecordingNetwork.Peer)], _net.Broadcasts);
        _net.Deliver(BadEncodingGossip.Channel, Canonical.Encode(_fraud));
        Assert.Single(_net.Broadcasts);
        Assert.Empty(_net.Misbehaviour);
    }

    [Fact]
    public void Bad_proofs_are_refused_with_their_reasons_and_the_sender_is_scored()
    {
        DeliverProposal();
        var refused = new List<BadEncodingError?>();
        _jobs.BadEncoding.Refused += (_, error) => refused.Add(error);

        // Row 0 of the corrupted square is a codeword: a proof about it shows nothing.
        _net.Deliver(BadEncodingGossip.Channel, Canonical.Encode(_honestAxis));
        // The honest square's roots: they do not hash to the header's data root.
        _net.Deliver(BadEncodingGossip.Channel, Canonical.Encode(_fraud with { Roots = _honestRoots }));
        // Not a message at all.
        _net.Deliver(BadEncodingGossip.Channel, [1, 2, 3]);
        Assert.Equal([BadEncodingError.AxisCorrectlyEncoded, BadEncodingError.WrongHeader, null], refused);
        Assert.Equal([Misbehavior.Invalid, Misbehavior.Invalid, Misbehavior.Malformed], _net.Misbehaviour);
        Assert.False(_jobs.BadEncoding.Verdicts.IsRejected(1));
        Assert.Empty(_net.Broadcasts);
        Assert.Empty(_ready);
    }

    [Fact]
    public void A_proof_about_a_header_not_held_is_dropped_unscored()
    {
        _net.Deliver(BadEncodingGossip.Channel, Canonical.Encode(_fraud));
        Assert.Equal(1, _jobs.BadEncoding.UnknownHeader);
        Assert.False(_jobs.BadEncoding.Verdicts.IsRejected(1));
        Assert.Empty(_net.Misbehaviour);
        Assert.Empty(_net.Broadcasts);
    }

    [Fact]
    public void The_message_refuses_mismatched_widths_unknown_versions_and_trailing_bytes()
    {
        var encoded = Canonical.Encode(_fraud);
        Assert.Equal(_fraud, Canonical.Decode<BadEncodingFraud>(encoded));
        var v2 = (byte[])encoded.Clone();
        v2[0] = 2;
        Assert.Equal(CodecError.UnknownVersion, Assert.Throws<CodecException>(() => Canonical.Decode<BadEncodingFraud>(v2)).Error);
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => Canonical.Decode<BadEncodingFraud>([.. encoded, 0])).Error);
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => Canonical.Decode<BadEncodingFraud>(encoded[..^1])).Error);
        var wide = ExtendedSquare.Extend(DataSquare.FromBlobs([new Blob(Namespace.User(new byte[Namespace.IdSize]), new byte[20_000])]), GfIsa.Scalar).ComputeHeader();
        Assert.NotEqual(wide.Width, _fraud.Roots.Width);
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => Canonical.Decode<BadEncodingFraud>(Canonical.Encode(_fraud with { Roots = wide }))).Error);
    }

    public void Dispose()
    {
        _producerStore.Dispose();
        _validatorStore.Dispose();
        _proposer.Dispose();
        _validator.Dispose();
        _sender.Dispose();
    }

    private sealed class RecordingNetwork : IPeerNetwork
    {
        private static readonly PublicKey PeerKey = SigningKey.FromSeed(Enumerable.Repeat((byte)9, 32).ToArray()).PublicKey;
        public static readonly PeerId Peer = PeerId.FromPublicKey(PeerKey);
        private readonly Dictionary<byte, Func<PeerId, ReadOnlyMemory<byte>, ValueTask>> _handlers = [];

        public List<Misbehavior> Misbehaviour { get; } = [];
        public List<(byte Channel, PeerId? Except)> Broadcasts { get; } = [];
        public PeerId Id => PeerId.FromPublicKey(SigningKey.FromSeed(new byte[32]).PublicKey);
        public IReadOnlyList<PeerInfo> Peers { get; } = [new PeerInfo(Peer, PeerKey, new IPEndPoint(IPAddress.Loopback, 1), 1, true)];
#pragma warning disable CS0067 // no peer connects in these tests
        public event Action<PeerInfo>? PeerConnected;
        public event Action<PeerInfo, DisconnectReason>? PeerDisconnected { add { } remove { } }
#pragma warning restore CS0067

        public void Deliver(byte channel, byte[] payload) => _handlers[channel](Peer, payload).AsTask().GetAwaiter().GetResult();
        public void RegisterHandler(byte channel, Func<PeerId, ReadOnlyMemory<byte>, ValueTask> handler) => _handlers[channel] = handler;
        public void RegisterRequestHandler(byte channel, Func<PeerId, ReadOnlyMemory<byte>, CancellationToken, ValueTask<byte[]>> handler) { }
        public bool Send(PeerId peer, byte channel, ReadOnlySpan<byte> payload) => true;

        public int Broadcast(byte channel, ReadOnlySpan<byte> payload, PeerId? except = null)
        {
            if (channel == BadEncodingGossip.Channel) Broadcasts.Add((channel, except));
            return 1;
        }

        public Task<ReadOnlyMemory<byte>> RequestAsync(PeerId peer, byte channel, ReadOnlyMemory<byte> payload, TimeSpan timeout, CancellationToken cancellationToken = default)
            => Task.FromException<ReadOnlyMemory<byte>>(new PeerRequestException(peer, RequestFailure.Timeout, "nobody answers in these tests"));

        public void ReportMisbehavior(PeerId peer, Misbehavior kind, string? detail = null) => Misbehaviour.Add(kind);
    }
}
