using Lamina.Consensus;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Chain;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.L1.Transactions;
using Lamina.Network;
using Lamina.Network.Tests;
using Lamina.Node.DataAvailability;
using Lamina.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lamina.Node.Tests.DataAvailability;

/// <summary>
/// The DA share peer channel: the request and response encodings against vectors built from the independent ones of
/// the DA codec (golden/gen_vectors.py), their typed refusals, and two real P2P nodes on loopback where one serves its
/// custody shares and the other gets each only once its proof reaches the data root it trusts.
/// </summary>
public sealed class DaSharePeerTests
{
    // From golden/gen_vectors.py: the k = 1 square's share, and the column proof of (0, 1).
    private const string ShareHex = "0000000000000000000000000000000000000000000000000000000001010000000a00010203040506070809";
    private const string ColumnShareProofHex = "01000100000001000000000000000100000001ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffad9201b9ce47ccbfb5727895526823c0a4196aea39b4eda546ffb560022186d0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff003251819f4049e92830b0be642ca369786c43f28243a393da53faeea61599e4000000029b874e3b691c3449b6ea19a1e59b0b81c16a6f85e8a0ae369f0f3fb222dafa7778241230c8b21cd3a85e4f152edcd8f28c4a9c483776b682a7d87377dbed5a85";

    [Fact]
    public void Encodings_match_the_vectors_and_refusals_are_typed()
    {
        Assert.Equal("01000000000000000700030005", Convert.ToHexStringLower(Canonical.Encode(new DaShareRequest(7, 3, 5))));
        Assert.Equal("0102", Convert.ToHexStringLower(Canonical.Encode(DaShareResponse.Refused(DaShareStatus.Pruned))));
        var served = Convert.FromHexString("0100" + ShareHex.PadRight(Share.Size * 2, '0') + ColumnShareProofHex);
        var response = Canonical.Decode<DaShareResponse>(served);
        Assert.Equal(DaShareStatus.Served, response.Status);
        Assert.Equal((0, 1), (response.Proof!.Row, response.Proof.Column));
        Assert.Equal(served, Canonical.Encode(response));

        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => Canonical.Decode<DaShareRequest>(Convert.FromHexString("01000000000000000704000005"))).Error);
        Assert.Equal(CodecError.UnknownVersion, Assert.Throws<CodecException>(() => Canonical.Decode<DaShareRequest>(Convert.FromHexString("02000000000000000700030005"))).Error);
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => Canonical.Decode<DaShareRequest>(Convert.FromHexString("010000000000000007000300"))).Error);
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => Canonical.Decode<DaShareResponse>(Convert.FromHexString("0104"))).Error);
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => Canonical.Decode<DaShareResponse>(Convert.FromHexString("010200"))).Error);
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => Canonical.Decode<DaShareResponse>(served[..^1])).Error);
    }

    private static P2POptions Options(ChannelLimits channels, IReadOnlyList<PersistentPeer> peers) => new()
    {
        ChainId = TestNet.ChainId,
        ListenEndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0),
        PersistentPeers = peers,
        Channels = channels,
        InitialReconnectBackoff = TimeSpan.FromMilliseconds(50),
        MaxReconnectBackoff = TimeSpan.FromMilliseconds(400),
    };

    [Fact]
    public async Task A_peer_gets_custody_shares_only_with_proofs_that_reach_the_trusted_root()
    {
        using var validator = SigningKey.FromSeed(new byte[32]);
        using var sender = SigningKey.FromSeed(Enumerable.Repeat((byte)3, 32).ToArray());
        using var chainStore = new InMemoryStore();
        using var daStoreBacking = new InMemoryStore();
        var genesis = new GenesisConfig("lamina-da-peer-test", 1_700_000_000_000, ChainParameters.Default, new ValidatorSet([new Validator(validator.PublicKey, 10)]),
            [(sender.Address, UInt128.Parse("1000000000000000000000000"))], ["v0"], blobs: BlobParameters.Default);
        var chain = new Blockchain(new ChainStore(chainStore), genesis, TimeProvider.System);
        var sidecars = new Lamina.Node.Sidecars.BlobSidecarCache(chain);
        var id = new byte[Namespace.IdSize];
        id[^1] = 9;
        chain.SubmitTransaction(Transaction.Create(sender, genesis.ChainId, 0, 10_000, 2, 30_000, new BlobPayload(Namespace.User(id), 10, new byte[4_000])));
        var header = chain.ProduceBlock(validator).Header;
        var store = new DaStore(daStoreBacking);
        var custody = new DaCustody(new Address(Enumerable.Repeat((byte)1, Address.Size).ToArray()), 4);
        new DaColumnKeeper(chain, store, custody, sidecars, NullLogger<DaColumnKeeper>.Instance).CatchUp(chain.Height);
        var width = store.GetSquare(1)!.Header.Width;
        var held = store.HeldColumns(1);

        var channels = ChannelLimits.Default().Set(DaShareServer.Channel, DaShareServer.MaxPayload);
        await using var server = await TestNet.StartAsync(41, Options(channels, []));
        new DaShareServer(store).Register(server);
        await using var client = await TestNet.StartAsync(42, Options(channels, [PersistentPeer.From(TestNet.EndPoint(server))]));
        // The asking side runs the da module too (the channel is request/response on both ends), with an empty store.
        using var emptyBacking = new InMemoryStore();
        new DaShareServer(new DaStore(emptyBacking)).Register(client);
        await TestNet.WaitUntil(() => client.Peers.Count == 1, "the client to connect");
        var peer = client.Peers[0].Id;

        foreach (var column in held)
        {
            var (status, share) = await DaShareServer.FetchAsync(client, peer, 1, width - 1, column, header.DataRoot, TimeSpan.FromSeconds(5));
            Assert.Equal(DaShareStatus.Served, status);
            Assert.Equal(Share.Size, share!.Length);
        }
        var missing = Enumerable.Range(0, width).First(c => !held.Contains(c));
        Assert.Equal(DaShareStatus.NotCustodied, (await DaShareServer.FetchAsync(client, peer, 1, 0, missing, header.DataRoot, TimeSpan.FromSeconds(5))).Status);
        Assert.Equal(DaShareStatus.NotStored, (await DaShareServer.FetchAsync(client, peer, 5, 0, 0, header.DataRoot, TimeSpan.FromSeconds(5))).Status);
        await Assert.ThrowsAsync<InvalidMerkleProofException>(() => DaShareServer.FetchAsync(client, peer, 1, 0, held[0], new Hash256(new byte[32]), TimeSpan.FromSeconds(5)));
    }
}
