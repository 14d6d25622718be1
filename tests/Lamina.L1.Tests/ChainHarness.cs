using Lamina.Consensus;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.L1.Genesis;
using Lamina.L1.Transactions;
using Lamina.Storage;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests;

/// <summary>A <see cref="Blockchain"/> over a real RocksDB directory, reopenable.</summary>
internal sealed class RocksChain : IDisposable
{
    private RocksDbStore _store;

    public RocksChain(string path, GenesisConfig genesis, TimeProvider? time = null)
    {
        Path = path;
        Genesis = genesis;
        Time = time ?? ManualTime.AtGenesis();
        _store = RocksDbStore.Open(path);
        try
        {
            Chain = new Blockchain(new ChainStore(_store), genesis, Time);
        }
        catch
        {
            _store.Dispose();
            throw;
        }
    }

    public string Path { get; }
    public GenesisConfig Genesis { get; }
    public TimeProvider Time { get; }
    public Blockchain Chain { get; private set; }
    public IKeyValueStore Store => _store;

    /// <summary>Closes the database and opens it again, as a node restart does.</summary>
    public void Reopen()
    {
        _store.Dispose();
        _store = RocksDbStore.Open(Path);
        Chain = new Blockchain(new ChainStore(_store), Genesis, Time);
    }

    /// <summary>Every key in every column: a fingerprint of what is on disk.</summary>
    public int KeyCount() => Enum.GetValues<Column>().Sum(c => Store.Iterate(c).Count());

    public void Dispose() => _store.Dispose();
}

internal static class ChainTx
{
    /// <summary>Submits a transfer with the sender's next nonce (head nonce + pending ones from this sender).</summary>
    public static Transaction Send(Blockchain chain, int from, int to, UInt128 amount, ulong tip = 10, ulong maxFee = 5_000)
    {
        var key = Key(from);
        var nonce = chain.GetAccount(key.Address).Nonce;
        while (true)
        {
            var tx = Transfer(key, nonce, Addr(to), amount, maxFee: maxFee, tip: tip);
            try
            {
                chain.SubmitTransaction(tx);
                return tx;
            }
            catch (TransactionRejectedException e) when (e.Reason == TxRejectReason.ReplacementUnderpriced)
            {
                nonce++; // that nonce is taken by a pending transaction
            }
        }
    }

    /// <summary>The commit the single validator signs for a block (round 0), as ProduceBlock does.</summary>
    public static Commit SignCommit(Block block, int signer = 0)
    {
        var key = Key(signer);
        var bytes = Commit.PrecommitSignBytes(block.Header.ChainId, block.Height, 0, block.Hash);
        return new Commit(block.Height, 0, block.Hash, [new CommitSignature(key.Address, key.Sign(bytes))]);
    }
}
