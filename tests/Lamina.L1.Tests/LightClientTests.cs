using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.Core;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.L1.LightClient;
using Lamina.Storage;

namespace Lamina.L1.Tests;

/// <summary>
/// Light-client verification over synthetic chains whose validator sets change: adjacent steps, skipping, bisection,
/// and every way a provider can lie.
/// </summary>
public sealed class LightClientTests
{
    private const string Chain = "lamina-light";
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
    private static readonly LightClientOptions Options = new(TrustingPeriod: TimeSpan.FromDays(7));

    /// <summary>A chain of "length" heights whose signing set at height h is setAt(h).</summary>
    private sealed class SyntheticChain : ILightBlockProvider
    {
        private readonly Dictionary<ulong, LightBlock> _blocks = new();
        public int Fetches;

        public SyntheticChain(int length, Func<ulong, int[]> setAt, Func<ulong, int[]>? signersAt = null)
        {
            var previous = Hash256.Zero;
            for (ulong h = 1; h <= (ulong)length; h++)
            {
                var set = Set(setAt(h));
                var next = Set(setAt(h + 1));
                var header = new BlockHeader(Chain, h, previous, (ulong)Start.ToUnixTimeMilliseconds() + h * 1000, set.Validators[0].Address,
                    Fill((byte)h), Hash256.Zero, Hash256.Zero, set.Hash, next.Hash, Hash256.Zero, Hash256.Zero, 1000, 0);
                var signers = signersAt?.Invoke(h) ?? setAt(h);
                _blocks[h] = new LightBlock(header, Sign(header, signers), set, next);
                previous = header.Hash;
            }
        }

        public LightBlock this[ulong height] => _blocks[height];
        public void Replace(ulong height, LightBlock block) => _blocks[height] = block;

        public Task<LightBlock> GetLightBlockAsync(ulong height, CancellationToken cancellation = default)
        {
            Fetches++;
            return _blocks.TryGetValue(height, out var b) ? Task.FromResult(b) : throw new InvalidOperationException($"no block {height}");
        }

        public Task<ulong> GetLatestHeightAsync(CancellationToken cancellation = default) => Task.FromResult((ulong)_blocks.Count);
    }

    private static SigningKey Key(int i) => TestKit.Key(100 + i);
    private static ValidatorSet Set(int[] members) => new(members.Select(i => new Validator(Key(i).PublicKey, 10)));
    private static Hash256 Fill(byte b) => new(Enumerable.Repeat(b, 32).ToArray());

    private static Commit Sign(BlockHeader header, int[] signers)
    {
        var bytes = Commit.PrecommitSignBytes(Chain, header.Height, 0, header.Hash);
        var sigs = signers.Select(i => new CommitSignature(Key(i).Address, Key(i).Sign(bytes))).OrderBy(s => s.Validator).ToList();
        return new Commit(header.Height, 0, header.Hash, sigs);
    }

    private static LightClient.LightClient Client(SyntheticChain chain, ulong from = 1, DateTimeOffset? now = null)
        => new(Chain, chain[from], Options, chain, new ManualTime(now ?? Start.AddHours(1)));

    private static readonly int[] FourStable = [0, 1, 2, 3];

    [Fact]
    public async Task Adjacent_headers_verify_one_by_one()
    {
        var chain = new SyntheticChain(10, _ => FourStable);
        var client = Client(chain);
        for (ulong h = 2; h <= 10; h++) Assert.Equal(h, (await client.VerifyToHeightAsync(h)).Height);
    }

    [Fact]
    public async Task Skipping_verification_jumps_when_the_trusted_set_still_signs()
    {
        var chain = new SyntheticChain(200, _ => FourStable);
        var client = Client(chain);
        var verified = await client.VerifyToHeightAsync(200);
        Assert.Equal(chain[200].Header.Hash, verified.Header.Hash);
        Assert.Equal(1, chain.Fetches);
    }

    [Fact]
    public async Task Bisection_crosses_complete_validator_set_rotations()
    {
        // Every 10 heights a completely new set of four takes over, announced one height ahead via NextValidators.
        var chain = new SyntheticChain(100, h => Enumerable.Range((int)((h - 1) / 10) * 4, 4).ToArray());
        var client = Client(chain);
        var verified = await client.VerifyToHeightAsync(100);
        Assert.Equal(chain[100].Header.Hash, verified.Header.Hash);
        Assert.True(chain.Fetches > 1, "a rotation this complete must need bisection");
    }

    [Fact]
    public async Task A_header_signed_by_strangers_is_refused()
    {
        var chain = new SyntheticChain(50, _ => FourStable);
        var forgedSet = new[] { 20, 21, 22, 23 };
        var real = chain[50].Header;
        var forgedHeader = real with { StateRoot = Fill(0xEE), ValidatorSetHash = Set(forgedSet).Hash, NextValidatorSetHash = Set(forgedSet).Hash };
        chain.Replace(50, new LightBlock(forgedHeader, Sign(forgedHeader, forgedSet), Set(forgedSet), Set(forgedSet)));
        var client = Client(chain);
        var e = await Assert.ThrowsAsync<LightClientException>(() => client.VerifyToHeightAsync(50));
        Assert.Contains(e.Error, new[] { LightClientError.NotEnoughTrust, LightClientError.ValidatorSetMismatch, LightClientError.BrokenLink });
        Assert.True(client.Trusted.Height < 50);
    }

    [Fact]
    public async Task A_tampered_header_no_longer_matches_its_commit()
    {
        var chain = new SyntheticChain(5, _ => FourStable);
        var b = chain[5];
        chain.Replace(5, b with { Header = b.Header with { StateRoot = Fill(0x99) } });
        var e = await Assert.ThrowsAsync<LightClientException>(() => Client(chain).VerifyToHeightAsync(5));
        Assert.Equal(LightClientError.InvalidCommit, e.Error);
    }

    [Fact]
    public async Task Exactly_two_thirds_is_not_a_commit()
    {
        var chain = new SyntheticChain(5, _ => [0, 1, 2], h => h == 5 ? [0, 1] : [0, 1, 2]);
        var e = await Assert.ThrowsAsync<LightClientException>(() => Client(chain).VerifyToHeightAsync(5));
        Assert.Equal(LightClientError.InvalidCommit, e.Error);
    }

    [Fact]
    public async Task Trust_expires_after_the_trusting_period()
    {
        var chain = new SyntheticChain(5, _ => FourStable);
        var e = await Assert.ThrowsAsync<LightClientException>(() => Client(chain, now: Start.AddDays(8)).VerifyToHeightAsync(5));
        Assert.Equal(LightClientError.TrustExpired, e.Error);
    }

    [Fact]
    public async Task Headers_from_the_future_are_refused()
    {
        var chain = new SyntheticChain(5, _ => FourStable);
        var e = await Assert.ThrowsAsync<LightClientException>(() => Client(chain, now: Start.AddSeconds(-30)).VerifyToHeightAsync(5));
        Assert.Equal(LightClientError.FromTheFuture, e.Error);
    }

    [Fact]
    public void Wrong_chain_and_broken_links_are_refused()
    {
        var chain = new SyntheticChain(3, _ => FourStable);
        var now = Start.AddHours(1);
        var wrong = Assert.Throws<LightClientException>(() => HeaderVerifier.Verify("other-chain", chain[1], chain[2], now, Options));
        Assert.Equal(LightClientError.WrongChain, wrong.Error);
        var unlinked = chain[2] with { Header = chain[2].Header with { PreviousHash = Fill(1) } };
        unlinked = unlinked with { Commit = Sign(unlinked.Header, FourStable) };
        var broken = Assert.Throws<LightClientException>(() => HeaderVerifier.Verify(Chain, chain[1], unlinked, now, Options));
        Assert.Equal(LightClientError.BrokenLink, broken.Error);
        var stale = Assert.Throws<LightClientException>(() => HeaderVerifier.Verify(Chain, chain[2], chain[1], now, Options));
        Assert.Equal(LightClientError.NotNewer, stale.Error);
    }

    [Fact]
    public async Task Follows_a_real_chain_from_a_trusted_hash()
    {
        using var store = new InMemoryStore();
        var genesis = TestKit.MakeGenesis();
        var time = ManualTime.AtGenesis();
        var chain = new Blockchain(new ChainStore(store), genesis, time);
        for (var i = 0; i < 30; i++)
        {
            time.Now = time.Now.AddSeconds(1);
            chain.ProduceBlock(TestKit.ValidatorKey);
        }
        var provider = new BlockchainProvider(chain);
        var client = await LightClient.LightClient.FromTrustedHashAsync(genesis.ChainId, 1, chain.Store.GetBlockHash(1)!.Value, Options, provider, time);
        var verified = await client.VerifyToHeightAsync(30);
        Assert.Equal(chain.Head.Hash, verified.Header.Hash);
        Assert.Equal(chain.Head.Header.StateRoot, verified.Header.StateRoot);

        var encoded = Canonical.Encode(verified);
        Assert.Equal(verified.Header.Hash, Canonical.Decode<LightBlock>(encoded).Header.Hash);
        await Assert.ThrowsAsync<LightClientException>(() => LightClient.LightClient.FromTrustedHashAsync(genesis.ChainId, 1, Fill(7), Options, provider, time));
    }

    private sealed class BlockchainProvider(Blockchain chain) : ILightBlockProvider
    {
        public Task<LightBlock> GetLightBlockAsync(ulong height, CancellationToken cancellation = default)
            => Task.FromResult(chain.GetLightBlock(height) ?? throw new InvalidOperationException($"no block {height}"));

        public Task<ulong> GetLatestHeightAsync(CancellationToken cancellation = default) => Task.FromResult(chain.Height);
    }
}
