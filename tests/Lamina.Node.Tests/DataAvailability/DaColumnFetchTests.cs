using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.Network;
using Lamina.Node.DataAvailability;
using Lamina.Node.DataAvailability.Columns;
using Lamina.Node.Tests.Support;
using Lamina.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lamina.Node.Tests.DataAvailability;

/// <summary>
/// A DA node that does not follow the chain gets its custody columns from peers (an L1 node serving from its
/// sidecars, other DA nodes): only its custody columns are fetched and stored, each checked against the verified data
/// root on arrival; a peer sending roots of another square, columns that miss their root or bytes that do not decode is
/// refused with a typed <see cref="DaColumnException"/> and scored; custody columns nobody serves are rebuilt from
/// half the columns and re-seeded to a custodian that lacks them; a re-seeded column that fails its root is refused.
/// </summary>
public sealed class DaColumnFetchTests : IDisposable
{
    private readonly DaChainFixture _da = new("lamina-da-fetch-test", senderSeed: 5, new FixedTime(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_001_000)), BlobParameters.Default);
    private readonly HubNetwork _hub = new();
    private readonly List<InMemoryStore> _stores = [];
    private readonly ExtendedSquare _square;
    private readonly Hash256 _blockHash;
    private readonly Hash256 _dataRoot;

    public DaColumnFetchTests()
    {
        _da.BlockWithBlobs(blobs: 3, size: 5_000, step: 11); // 3 × 11 shares: k = 8, a 16-wide extended square
        var block = _da.Chain.Store.GetBlock(1)!;
        Assert.Equal(0, _da.Sidecars.Hydrate(block));
        _square = ExtendedSquare.Extend(DataSquare.FromBlobs(BlobModule.BlobsOf(block.Transactions)), GfIsa.Scalar);
        _blockHash = block.Hash;
        _dataRoot = block.Header.DataRoot;
        Assert.Equal(_dataRoot, _square.ComputeHeader().DataRoot);
    }

    public void Dispose()
    {
        _da.Dispose();
        foreach (var store in _stores) store.Dispose();
    }

    private byte[] TrueColumn(int column)
    {
        var shares = new byte[_square.Width * Share.Size];
        for (var row = 0; row < _square.Width; row++) _square.Share(row, column).CopyTo(shares.AsSpan(row * Share.Size));
        return shares;
    }

    /// <summary>An L1 node on the hub answering from its sidecars, through <paramref name="wrap"/> (a liar, a withholder) if given.</summary>
    private HubNetwork.Member L1Peer(byte seed, Func<IDaColumnSource, IDaColumnSource>? wrap = null)
    {
        var member = _hub.Join(seed);
        IDaColumnSource source = new SidecarColumnSource(_da.Chain, _da.Sidecars);
        DaColumnChannel.Register(member, wrap is null ? source : wrap(source));
        return member;
    }

    private sealed record DaPeer(HubNetwork.Member Net, DaStore Store, DaCustody Custody, DaColumnFetcher Fetcher, DaReseedIntake Intake);

    /// <summary>A standalone DA node on the hub: its own store, custody from <paramref name="nodeId"/>, serving and taking re-seeds.</summary>
    private DaPeer DaNode(byte seed, byte nodeId, int groups)
    {
        var member = _hub.Join(seed);
        var backing = new InMemoryStore();
        _stores.Add(backing);
        var store = new DaStore(backing);
        var custody = new DaCustody(new Address(Enumerable.Repeat(nodeId, Address.Size).ToArray()), groups);
        DaColumnChannel.Register(member, new StoreColumnSource(store, new DaReconstruction(store)));
        var intake = new DaReseedIntake(member, store, custody, NullLogger.Instance);
        intake.Register();
        return new DaPeer(member, store, custody, new DaColumnFetcher(member, store, custody, SamplingEntropy.Cryptographic, NullLogger.Instance, TimeSpan.FromSeconds(1)), intake);
    }

    [Fact]
    public async Task Fetches_and_stores_only_its_custody_columns_each_equal_to_the_square()
    {
        L1Peer(1);
        var node = DaNode(10, nodeId: 7, groups: 8);
        Assert.Equal(DaSyncOutcome.Complete, await node.Fetcher.SyncAsync(1, _blockHash, _dataRoot, CancellationToken.None));

        var custody = node.Custody.Columns(_square.Width);
        Assert.InRange(custody.Length, 1, _square.Width - 1);
        Assert.Equal(custody, node.Store.HeldColumns(1));
        foreach (var column in custody) Assert.Equal(TrueColumn(column), node.Store.GetColumn(1, column));
        Assert.Equal((_blockHash, _dataRoot), (node.Store.GetSquare(1)!.BlockHash, node.Store.GetSquare(1)!.Header.DataRoot));
        // Only the custody share of the square crossed the network (the roots aside).
        Assert.Equal((long)custody.Length * _square.Width * Share.Size, node.Fetcher.BytesFetched);
        Assert.Empty(node.Net.Reported);

    }

    [Fact]
    public async Task A_da_node_holding_half_the_columns_serves_every_column_to_another_rebuilding_those_outside_its_custody()
    {
        // No L1 node on this hub: the first DA node's columns were stored earlier; the only other peer answers nothing.
        var holder = DaNode(13, nodeId: 3, groups: 16);
        var held = holder.Custody.Columns(_square.Width);
        Assert.True(held.Length >= _square.OriginalWidth, $"node id 3 with 16 groups holds {held.Length} of {_square.Width} columns");
        holder.Store.Put(new DaSquareRecord(1, _blockHash, _square.ComputeHeader()), [.. held.Select(c => (c, TrueColumn(c)))]);
        _hub.Join(14);
        var fetcher = DaNode(15, nodeId: 9, groups: 8);

        Assert.Equal(DaSyncOutcome.Complete, await fetcher.Fetcher.SyncAsync(1, _blockHash, _dataRoot, CancellationToken.None));
        var custody = fetcher.Custody.Columns(_square.Width);
        Assert.Contains(custody, c => !held.Contains(c));
        Assert.Equal(custody, fetcher.Store.HeldColumns(1));
        foreach (var column in custody) Assert.Equal(TrueColumn(column), fetcher.Store.GetColumn(1, column));
    }

    [Fact]
    public async Task Columns_that_miss_their_root_are_refused_typed_and_scored_and_an_honest_peer_then_serves_them()
    {
        var liar = L1Peer(2, source => new TamperingSource(source, tamperShares: true));
        var node = DaNode(20, nodeId: 7, groups: 8);
        var refused = new List<(PeerId, DaColumnError)>();
        node.Fetcher.Refused += (peer, e) => refused.Add((peer, e.Error));

        // The liar's roots are the true ones, so they are kept; every column it sends misses its root.
        Assert.Equal(DaSyncOutcome.Incomplete, await node.Fetcher.SyncAsync(1, _blockHash, _dataRoot, CancellationToken.None));
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.Equal((liar.Id, DaColumnError.ColumnRootMismatch), r));
        Assert.Equal(refused.Count, node.Net.Reported.Count);
        Assert.All(node.Net.Reported, r => Assert.Equal((liar.Id, Misbehavior.Invalid), r));
        Assert.Empty(node.Store.HeldColumns(1));

        L1Peer(3);
        Assert.Equal(DaSyncOutcome.Complete, await node.Fetcher.SyncAsync(1, _blockHash, _dataRoot, CancellationToken.None));
        var custody = node.Custody.Columns(_square.Width);
        Assert.Equal(custody, node.Store.HeldColumns(1));
        foreach (var column in custody) Assert.Equal(TrueColumn(column), node.Store.GetColumn(1, column));
    }

    [Fact]
    public async Task Roots_of_another_square_and_undecodable_answers_are_refused_typed_and_scored()
    {
        var otherRoots = ExtendedSquare.Extend(DataSquare.FromBlobs([new Blob(Namespace.User(new byte[Namespace.IdSize]), [1, 2, 3])]), GfIsa.Scalar).ComputeHeader();
        var forger = L1Peer(4, source => new TamperingSource(source, forgedHeader: otherRoots));
        var garbler = _hub.Join(5);
        garbler.RegisterRequestHandler(DaColumnChannel.RequestChannel, (_, _, _) => ValueTask.FromResult(new byte[] { 1, 0, 7 }));
        var node = DaNode(21, nodeId: 7, groups: 8);
        var refused = new Dictionary<PeerId, DaColumnError>();
        node.Fetcher.Refused += (peer, e) => refused[peer] = e.Error;

        Assert.Equal(DaSyncOutcome.NoRoots, await node.Fetcher.SyncAsync(1, _blockHash, _dataRoot, CancellationToken.None));
        Assert.Equal(DaColumnError.HeaderMismatch, refused[forger.Id]);
        Assert.Equal(DaColumnError.Malformed, refused[garbler.Id]);
        Assert.Contains((forger.Id, Misbehavior.Invalid), node.Net.Reported);
        Assert.Contains((garbler.Id, Misbehavior.Malformed), node.Net.Reported);
        Assert.Null(node.Store.GetSquare(1));
    }

    [Fact]
    public async Task Custody_columns_nobody_serves_are_rebuilt_from_half_and_reseeded_to_a_custodian_that_lacks_them()
    {
        var probe = new DaCustody(new Address(Enumerable.Repeat((byte)7, Address.Size).ToArray()), 8).Columns(_square.Width);
        var withheld = probe.Take(2).ToHashSet();
        // Below half, so the custodian cannot rebuild the withheld columns itself: only a re-seed brings them.
        Assert.True(probe.Length - withheld.Count < _square.OriginalWidth, $"node id 7 with 8 groups holds {probe.Length} of {_square.Width} columns");
        L1Peer(6, source => new TamperingSource(source, withheld: withheld));
        var rebuilder = DaNode(30, nodeId: 7, groups: 8);
        // A custodian of the same columns that got all but the withheld ones earlier (a node whose only source withheld them).
        var custodian = DaNode(31, nodeId: 7, groups: 8);
        custodian.Store.Put(new DaSquareRecord(1, _blockHash, _square.ComputeHeader()), [.. probe.Where(c => !withheld.Contains(c)).Select(c => (c, TrueColumn(c)))]);
        var stored = new List<int>();
        custodian.Intake.Stored += (_, column) => stored.Add(column);
        IReadOnlyList<int>? reseeded = null;
        rebuilder.Fetcher.Reseeded += (_, columns) => reseeded = columns;

        Assert.Equal(DaSyncOutcome.Reconstructed, await rebuilder.Fetcher.SyncAsync(1, _blockHash, _dataRoot, CancellationToken.None));
        Assert.Equal(probe, rebuilder.Store.HeldColumns(1));
        foreach (var column in probe) Assert.Equal(TrueColumn(column), rebuilder.Store.GetColumn(1, column));
        Assert.Equal(withheld.Order(), reseeded!.Order());
        // It fetched half the square (k columns, custody included) to rebuild, and no more.
        Assert.Equal((long)_square.OriginalWidth * _square.Width * Share.Size, rebuilder.Fetcher.BytesFetched);

        Assert.Equal(withheld.Order(), stored.Order());
        Assert.Equal(probe, custodian.Store.HeldColumns(1));
        foreach (var column in withheld) Assert.Equal(TrueColumn(column), custodian.Store.GetColumn(1, column));
        Assert.Empty(custodian.Net.Reported);
    }

    [Fact]
    public void A_reseeded_column_that_fails_its_root_is_refused_and_scored_and_one_of_no_use_is_dropped_unscored()
    {
        var node = DaNode(40, nodeId: 7, groups: 8);
        var sender = _hub.Join(41);
        var custody = node.Custody.Columns(_square.Width);
        node.Store.Put(new DaSquareRecord(1, _blockHash, _square.ComputeHeader()), []);

        var bad = TrueColumn(custody[0]);
        bad[100] ^= 1;
        node.Intake.Accept(sender.Id, Canonical.Encode(new DaColumnPush(1, _dataRoot, custody[0], bad)));
        Assert.Null(node.Store.GetColumn(1, custody[0]));
        Assert.Equal(new[] { (sender.Id, Misbehavior.Invalid) }, node.Net.Reported);

        var notMine = Enumerable.Range(0, _square.Width).First(c => !custody.Contains(c));
        node.Intake.Accept(sender.Id, Canonical.Encode(new DaColumnPush(1, _dataRoot, notMine, TrueColumn(notMine))));
        node.Intake.Accept(sender.Id, Canonical.Encode(new DaColumnPush(2, _dataRoot, custody[0], TrueColumn(custody[0])))); // a square not held
        Assert.Empty(node.Store.HeldColumns(1));
        Assert.Single(node.Net.Reported);

        node.Intake.Accept(sender.Id, [1, 2, 3]);
        Assert.Equal((sender.Id, Misbehavior.Malformed), node.Net.Reported[^1]);

        node.Intake.Accept(sender.Id, Canonical.Encode(new DaColumnPush(1, _dataRoot, custody[0], TrueColumn(custody[0]))));
        Assert.Equal(new[] { custody[0] }, node.Store.HeldColumns(1));
    }

    [Fact]
    public void The_sidecar_source_serves_only_the_square_with_the_data_root_asked_for()
    {
        var source = new SidecarColumnSource(_da.Chain, _da.Sidecars);
        Assert.Equal(DaShareStatus.NotStored, source.Serve(new DaColumnRequest(1, new Hash256(Enumerable.Repeat((byte)9, 32).ToArray()), 0, DaColumnParts.Shares)).Status);
        Assert.Equal(DaShareStatus.NotStored, source.Serve(new DaColumnRequest(2, _dataRoot, 0, DaColumnParts.Shares)).Status);
        var both = source.Serve(new DaColumnRequest(1, _dataRoot, 3, DaColumnParts.Shares | DaColumnParts.Header));
        Assert.Equal((DaShareStatus.Served, _dataRoot), (both.Status, both.Header!.DataRoot));
        Assert.Equal(TrueColumn(3), both.Shares);
        Assert.Null(source.Serve(new DaColumnRequest(1, _dataRoot, 3, DaColumnParts.Header)).Shares);
    }

    /// <summary>Wraps an honest source: flips a byte of every column, sends other roots, or refuses some columns.</summary>
    private sealed class TamperingSource(IDaColumnSource inner, bool tamperShares = false, DataAvailabilityHeader? forgedHeader = null, IReadOnlySet<int>? withheld = null) : IDaColumnSource
    {
        public DaColumnResponse Serve(DaColumnRequest request)
        {
            if (withheld is not null && request.Parts.HasFlag(DaColumnParts.Shares) && withheld.Contains(request.Column)) return DaColumnResponse.Refused(DaShareStatus.NotCustodied);
            var honest = inner.Serve(request);
            if (honest.Status != DaShareStatus.Served) return honest;
            var shares = honest.Shares?.ToArray();
            if (tamperShares && shares is not null) shares[Share.Size + 40] ^= 0x20;
            var header = honest.Header is null ? null : forgedHeader ?? honest.Header;
            return DaColumnResponse.Served(header, shares);
        }
    }
}
