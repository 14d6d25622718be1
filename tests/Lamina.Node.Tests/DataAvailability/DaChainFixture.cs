using Lamina.Consensus;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Chain;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.L1.Transactions;
using Lamina.Node.DataAvailability;
using Lamina.Node.Sidecars;
using Lamina.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lamina.Node.Tests.DataAvailability;

/// <summary>
/// A one-validator chain (in memory) that produces blocks carrying blobs, and DA nodes over it, each with a store of
/// its own as separate processes have: the fixture the DA keeper and light-sampler tests share.
/// </summary>
internal sealed class DaChainFixture : IDisposable
{
    private readonly InMemoryStore _store = new();
    private readonly List<InMemoryStore> _daStores = [];
    private readonly string _chainId;
    private ulong _nonce;

    public DaChainFixture(string chainId, byte senderSeed, TimeProvider time, BlobParameters blobs)
    {
        _chainId = chainId;
        Sender = SigningKey.FromSeed(Enumerable.Repeat(senderSeed, 32).ToArray());
        var genesis = new GenesisConfig(chainId, 1_700_000_000_000, ChainParameters.Default, new ValidatorSet([new Validator(Validator.PublicKey, 10)]),
            [(Sender.Address, UInt128.Parse("1000000000000000000000000"))], ["v0"], blobs: blobs);
        Chain = new Blockchain(new ChainStore(_store), genesis, time);
        // Built before any block, as a node builds it: it keeps the sidecars of every committed block with blobs.
        Sidecars = new BlobSidecarCache(Chain);
    }

    public BlobSidecarCache Sidecars { get; }

    public SigningKey Validator { get; } = SigningKey.FromSeed(new byte[32]);
    public SigningKey Sender { get; }
    public Blockchain Chain { get; }

    /// <summary>
    /// Submits <paramref name="blobs"/> blobs of <paramref name="size"/> bytes (namespaces 1, 2, …; byte b of blob i is
    /// b × <paramref name="step"/> + i) and produces the block that carries them.
    /// </summary>
    public void BlockWithBlobs(int blobs, int size, int step)
    {
        for (var i = 0; i < blobs; i++)
        {
            var id = new byte[Namespace.IdSize];
            id[^1] = (byte)(i + 1);
            var data = Enumerable.Range(0, size).Select(b => (byte)(b * step + i)).ToArray();
            Chain.SubmitTransaction(Transaction.Create(Sender, _chainId, _nonce++, 10_000, 2, 30_000, new BlobPayload(Namespace.User(id), 100, data)));
        }
        Chain.ProduceBlock(Validator);
    }

    /// <summary>A DA node with custody of <paramref name="groups"/> groups, its own store, its keeper and its da_* methods.</summary>
    public (DaStore Store, DaCustody Custody, DaColumnKeeper Keeper, DaRpcMethods Rpc) DaNode(byte id, int groups)
    {
        var own = new InMemoryStore();
        _daStores.Add(own);
        var store = new DaStore(own);
        var custody = new DaCustody(new Address(Enumerable.Repeat(id, Address.Size).ToArray()), groups);
        return (store, custody, new DaColumnKeeper(Chain, store, custody, Sidecars, NullLogger<DaColumnKeeper>.Instance), new DaRpcMethods(Chain, store, custody, Sidecars));
    }

    public void Dispose()
    {
        _store.Dispose();
        foreach (var store in _daStores) store.Dispose();
        Validator.Dispose();
        Sender.Dispose();
    }
}
