using Lamina.Core.Codec;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Blocks;
using Lamina.Network;
using Lamina.Node.DataAvailability;
using Lamina.Node.DataAvailability.Columns;
using Lamina.Node.Tests.Support;
using Lamina.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lamina.Node.Tests.DataAvailability;

/// <summary>
/// The honest path of a bad-encoding proof to light nodes: a proposer commits its header to a square whose parity it
/// corrupted (every root computed over the corrupted square, so each column it serves checks out against the data
/// root) and serves its columns; an honest DA node that fetches at least half of them finds the row that is not a
/// codeword, builds the proof from its columns alone and gossips it; a light node that verified the header takes the
/// proof from the network and rejects the header, and passes it on once; a proof about an honest square, or bytes that
/// do not decode, are refused and scored; a proof about a height the light client has not reached waits for it.
/// </summary>
public sealed class BadEncodingToLightTests : IDisposable
{
    private readonly DaChainFixture _da = new("lamina-da-fraud-test", senderSeed: 6, new FixedTime(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_001_000)), BlobParameters.Default);
    private readonly HubNetwork _hub = new();
    private readonly InMemoryStore _daBacking = new();
    private readonly BlockHeader _badHeader;
    private readonly ExtendedSquare _corrupted;

    public BadEncodingToLightTests()
    {
        _da.BlockWithBlobs(blobs: 3, size: 5_000, step: 17); // k = 8, 16 wide
        var block = _da.Chain.Store.GetBlock(1)!;
        Assert.Equal(0, _da.Sidecars.Hydrate(block));
        var honest = ExtendedSquare.Extend(DataSquare.FromBlobs(BlobModule.BlobsOf(block.Transactions)), GfIsa.Scalar);
        var bytes = honest.Bytes.ToArray();
        bytes[((2 * honest.Width) + honest.Width - 1) * Share.Size + 99] ^= 0x5A; // a parity share of row 2
        _corrupted = SquareRepair.Repair(honest.OriginalWidth, bytes, Enumerable.Repeat(true, honest.Width * honest.Width).ToArray(), GfIsa.Scalar);
        _badHeader = block.Header with { DataRoot = _corrupted.ComputeHeader().DataRoot };
    }

    public void Dispose()
    {
        _da.Dispose();
        _daBacking.Dispose();
    }

    [Fact]
    public async Task An_honest_da_node_proves_a_bad_encoding_from_its_columns_and_the_light_node_rejects_the_header()
    {
        var proposer = _hub.Join(1);
        DaColumnChannel.Register(proposer, new SquareSource(_corrupted));
        var daNet = _hub.Join(2);
        var store = new DaStore(_daBacking);
        var custody = new DaCustody(new Lamina.Core.Address(Enumerable.Repeat((byte)3, Lamina.Core.Address.Size).ToArray()), 16);
        Assert.True(custody.Columns(_corrupted.Width).Length >= _corrupted.OriginalWidth, "the DA node holds at least half the columns");
        var fetcher = new DaColumnFetcher(daNet, store, custody, SamplingEntropy.Cryptographic, NullLogger.Instance, TimeSpan.FromSeconds(1));
        var daIntake = new LightFraudIntake();
        daIntake.Verified(_badHeader);
        var daGossip = new HeaderFraudGossip(daNet, daIntake, NullLogger.Instance);
        daGossip.Register();
        fetcher.BadEncodingFound += daGossip.Publish;

        var lightNet = _hub.Join(4);
        var lightIntake = new LightFraudIntake();
        lightIntake.Verified(_badHeader);
        var lightGossip = new HeaderFraudGossip(lightNet, lightIntake, NullLogger.Instance);
        lightGossip.Register();
        BlockHeader? rejected = null;
        lightGossip.Rejected += h => rejected = h;

        // Every column the proposer serves checks out against its (bad) data root: the fetch itself succeeds.
        Assert.Equal(DaSyncOutcome.Complete, await fetcher.SyncAsync(1, _badHeader.Hash, _badHeader.DataRoot, CancellationToken.None));
        Assert.Empty(daNet.Reported);
        Assert.True(daIntake.Verdicts.IsRejected(1, _badHeader.Hash));
        Assert.Equal(_badHeader.Hash, rejected?.Hash);
        Assert.True(lightIntake.Verdicts.IsRejected(1, _badHeader.Hash));
        Assert.Empty(lightNet.Reported);
    }

    [Fact]
    public void A_light_node_refuses_bad_proofs_scoring_the_sender_and_waits_for_headers_it_has_not_verified()
    {
        var sender = _hub.Join(5);
        var lightNet = _hub.Join(6);
        var intake = new LightFraudIntake();
        var gossip = new HeaderFraudGossip(lightNet, intake, NullLogger.Instance);
        var rejected = 0;
        gossip.Rejected += _ => rejected++;

        var roots = _corrupted.ComputeHeader();
        var fraud = Canonical.Encode(new BadEncodingFraud(roots, BadEncodingDetector.Find(_corrupted, _badHeader.Hash, 1)!));
        // Not verified yet: it waits, unscored, until the light client verifies height 1.
        gossip.OnMessage(sender.Id, fraud);
        Assert.Equal(0, rejected);
        intake.Verified(_badHeader);
        Assert.Equal(1, rejected);
        Assert.True(intake.Verdicts.IsRejected(1, _badHeader.Hash));
        Assert.Empty(lightNet.Reported);
        gossip.OnMessage(sender.Id, fraud); // already rejected: nothing more
        Assert.Equal(1, rejected);

        // A proof about an honest axis of a header this node verified shows nothing: refused and scored.
        var honestBlock = _da.Chain.Store.GetBlock(1)!;
        Assert.Equal(0, _da.Sidecars.Hydrate(honestBlock));
        var honest = ExtendedSquare.Extend(DataSquare.FromBlobs(BlobModule.BlobsOf(honestBlock.Transactions)), GfIsa.Scalar);
        var other = new LightFraudIntake();
        var otherGossip = new HeaderFraudGossip(lightNet, other, NullLogger.Instance);
        other.Verified(honestBlock.Header);
        otherGossip.OnMessage(sender.Id, Canonical.Encode(new BadEncodingFraud(honest.ComputeHeader(), BadEncodingProof.Create(honest, honestBlock.Hash, 1, Axis.Row, 0))));
        Assert.Equal(new[] { (sender.Id, Misbehavior.Invalid) }, lightNet.Reported);
        Assert.False(other.Verdicts.IsRejected(1));
        otherGossip.OnMessage(sender.Id, [1, 2]);
        Assert.Equal((sender.Id, Misbehavior.Malformed), lightNet.Reported[^1]);
    }

    /// <summary>Serves the roots and columns of one given square (a proposer's, as it built it).</summary>
    private sealed class SquareSource(ExtendedSquare square) : IDaColumnSource
    {
        private readonly DataAvailabilityHeader _header = square.ComputeHeader();

        public DaColumnResponse Serve(DaColumnRequest request)
        {
            if (request.DataRoot != _header.DataRoot || request.Column >= square.Width) return DaColumnResponse.Refused(DaShareStatus.NotStored);
            byte[]? shares = null;
            if (request.Parts.HasFlag(DaColumnParts.Shares))
            {
                shares = new byte[square.Width * Share.Size];
                for (var row = 0; row < square.Width; row++) square.Share(row, request.Column).CopyTo(shares.AsSpan(row * Share.Size));
            }
            return DaColumnResponse.Served(request.Parts.HasFlag(DaColumnParts.Header) ? _header : null, shares);
        }
    }
}
