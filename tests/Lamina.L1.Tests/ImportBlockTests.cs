using Lamina.Consensus;
using Lamina.Core.Crypto;
using Lamina.Core;
using Lamina.L1.Blocks;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests;

/// <summary>
/// A second node replays the first node's blocks with their commits, and refuses every kind of tampering
/// with the right <see cref="BlockError"/> while writing nothing.
/// </summary>
public sealed class ImportBlockTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Builds four blocks on a producer, each carrying a few transfers.</summary>
    private static void Produce(RocksChain producer, int blocks = 4)
    {
        for (var b = 0; b < blocks; b++)
        {
            for (var i = 0; i < 3; i++) ChainTx.Send(producer.Chain, 1 + (b + i) % 5, 1 + (b + 2 * i + 1) % 6, (UInt128)(1_000 * (b + 1) + i), tip: (ulong)(5 + i));
            producer.Chain.ProduceBlock(ValidatorKey);
        }
    }

    [Fact]
    public void A_second_node_imports_every_block_and_reaches_the_same_state()
    {
        var genesis = MakeGenesis();
        using var producer = new RocksChain(_dir.Sub("producer"), genesis);
        Produce(producer, 5);
        using var follower = new RocksChain(_dir.Sub("follower"), genesis);
        Assert.Equal(producer.Chain.Store.GetBlock(0)!.Hash, follower.Chain.Head.Hash);

        for (ulong h = 1; h <= producer.Chain.Height; h++)
        {
            var block = producer.Chain.Store.GetBlock(h)!;
            follower.Chain.ImportBlock(block, producer.Chain.Store.GetCommit(h)!);
            Assert.Equal(block.Hash, follower.Chain.Head.Hash);
            Assert.Equal(block.Header.StateRoot, follower.Chain.StateAt().Root);
        }
        Assert.Equal(producer.Chain.Height, follower.Chain.Height);
        Assert.Equal(producer.Chain.Head.Header.StateRoot, follower.Chain.Head.Header.StateRoot);
        foreach (var tx in producer.Chain.Store.GetBlock(3)!.Transactions)
        {
            Assert.Equal(producer.Chain.Store.GetReceipt(tx.Hash), follower.Chain.Store.GetReceipt(tx.Hash));
            Assert.Equal(producer.Chain.Store.GetTxLocation(tx.Hash), follower.Chain.Store.GetTxLocation(tx.Hash));
        }

        // The follower survives a restart too, and can then take over production.
        follower.Reopen();
        Assert.Equal(producer.Chain.Head.Hash, follower.Chain.Head.Hash);
        ChainTx.Send(follower.Chain, 2, 3, 1);
        Assert.Equal(producer.Chain.Height + 1, follower.Chain.ProduceBlock(ValidatorKey).Height);
    }

    [Fact]
    public void Pending_transactions_included_by_an_imported_block_leave_the_mempool()
    {
        var genesis = MakeGenesis();
        using var producer = new RocksChain(_dir.Sub("producer"), genesis);
        using var follower = new RocksChain(_dir.Sub("follower"), genesis);
        var tx = ChainTx.Send(producer.Chain, 1, 2, 5);
        follower.Chain.SubmitTransaction(tx);
        var block = producer.Chain.ProduceBlock(ValidatorKey);
        follower.Chain.ImportBlock(block, producer.Chain.Store.GetCommit(1)!);
        Assert.Equal(0, follower.Chain.Mempool.Count);
    }

    private static Hash256 Junk(byte b) => new(Enumerable.Repeat(b, 32).ToArray());

    /// <summary>A block rebuilt from <paramref name="original"/> with an edited header (and optionally body).</summary>
    private static Block Rebuild(Block original, Func<BlockHeader, BlockHeader> edit, IReadOnlyList<Lamina.L1.Transactions.Transaction>? txs = null, Commit? lastCommit = null, bool dropLastCommit = false)
    {
        var commit = dropLastCommit ? null : lastCommit ?? original.LastCommit;
        return new Block(edit(original.Header), txs ?? original.Transactions, commit);
    }

    private static Commit BadlySigned(Commit commit)
    {
        var sig = commit.Signatures[0].Signature.ToArray();
        sig[0] ^= 0x80;
        return new Commit(commit.Height, commit.Round, commit.BlockHash, [commit.Signatures[0] with { Signature = new Signature(sig) }]);
    }

    [Fact]
    public void Tampered_blocks_are_refused_with_the_right_error_and_nothing_is_written()
    {
        var genesis = MakeGenesis();
        using var producer = new RocksChain(_dir.Sub("producer"), genesis);
        Produce(producer, 4);
        using var follower = new RocksChain(_dir.Sub("follower"), genesis);
        for (ulong h = 1; h <= 2; h++) follower.Chain.ImportBlock(producer.Chain.Store.GetBlock(h)!, producer.Chain.Store.GetCommit(h)!);

        var parent = follower.Chain.Head;
        var genuine = producer.Chain.Store.GetBlock(3)!;
        var genuineCommit = producer.Chain.Store.GetCommit(3)!;
        Assert.NotEmpty(genuine.Transactions);
        Assert.NotNull(genuine.LastCommit);

        var badTxs = genuine.Transactions.ToArray();
        badTxs[1] = WithBadSignature(badTxs[1]);
        var badLastCommit = BadlySigned(genuine.LastCommit!);
        var outsider = Key(3);

        // Each case: a block and the commit that goes with it. Unless the case is about the commit itself, the
        // tampered block carries a commit the validator really signed for it, so the check under test is reached.
        var cases = new List<(string Name, BlockError Expected, Block Block, Commit? Commit)>
        {
            ("wrong state root", BlockError.BadStateRoot, Rebuild(genuine, h => h with { StateRoot = Junk(1) }), null),
            ("wrong tx root", BlockError.BadTxRoot, Rebuild(genuine, h => h with { TxRoot = Junk(2) }), null),
            ("transaction dropped", BlockError.BadTxRoot, Rebuild(genuine, h => h, txs: genuine.Transactions.Skip(1).ToArray()), null),
            ("bad signature in the last commit", BlockError.BadLastCommit, Rebuild(genuine, h => h with { LastCommitHash = badLastCommit.Hash }, lastCommit: badLastCommit), null),
            ("last commit replaced without updating the header", BlockError.BadLastCommit, Rebuild(genuine, h => h, lastCommit: badLastCommit), null),
            ("last commit missing", BlockError.BadLastCommit, Rebuild(genuine, h => h with { LastCommitHash = Hash256.Zero }, dropLastCommit: true), null),
            ("last commit for another height", BlockError.BadLastCommit, Rebuild(genuine, h => h with { LastCommitHash = producer.Chain.Store.GetCommit(1)!.Hash }, lastCommit: producer.Chain.Store.GetCommit(1)), null),
            ("wrong height", BlockError.WrongHeight, Rebuild(genuine, h => h with { Height = h.Height + 1 }), null),
            ("height of the parent", BlockError.WrongHeight, Rebuild(genuine, h => h with { Height = h.Height - 1 }), null),
            ("wrong parent", BlockError.WrongParent, Rebuild(genuine, h => h with { PreviousHash = Junk(3) }), null),
            ("bad base fee", BlockError.BadBaseFee, Rebuild(genuine, h => h with { BaseFeePerGas = h.BaseFeePerGas + 1 }), null),
            ("wrong chain", BlockError.WrongChain, Rebuild(genuine, h => h with { ChainId = "lamina-other" }), null),
            ("time does not advance", BlockError.BadTime, Rebuild(genuine, h => h with { TimeMs = parent.Header.TimeMs }), null),
            ("proposer is no validator", BlockError.WrongProposer, Rebuild(genuine, h => h with { Proposer = outsider.Address }), null),
            ("wrong validator set", BlockError.BadValidatorSet, Rebuild(genuine, h => h with { ValidatorSetHash = Junk(4) }), null),
            ("blob data root", BlockError.BadDataRoot, Rebuild(genuine, h => h with { DataRoot = Junk(5) }), null),
            ("wrong gas used", BlockError.BadGasUsed, Rebuild(genuine, h => h with { GasUsed = h.GasUsed + 1 }), null),
            ("bad transaction signature", BlockError.BadTransaction, Rebuild(genuine, h => h with { TxRoot = Block.ComputeTxRoot(badTxs) }, txs: badTxs), null),
            ("commit for the untampered block", BlockError.BadLastCommit, Rebuild(genuine, h => h with { StateRoot = Junk(6) }), genuineCommit),
            ("commit signed by an outsider", BlockError.BadLastCommit, genuine, ChainTx.SignCommit(genuine, signer: 3)),
            ("commit with a bad signature", BlockError.BadLastCommit, genuine, BadlySigned(genuineCommit)),
            ("commit without signatures", BlockError.BadLastCommit, genuine, new Commit(3, 0, genuine.Hash, [])),
        };

        var keysBefore = follower.KeyCount();
        var headBefore = follower.Chain.Store.GetHead();
        foreach (var (name, expected, block, commit) in cases)
        {
            var ex = Assert.Throws<InvalidBlockException>(() => follower.Chain.ImportBlock(block, commit ?? ChainTx.SignCommit(block)));
            Assert.True(expected == ex.Error, $"{name}: expected {expected}, got {ex.Error} ({ex.Message})");
            Assert.Equal(parent.Hash, follower.Chain.Head.Hash);
            Assert.Equal(2UL, follower.Chain.Height);
            Assert.Equal(headBefore, follower.Chain.Store.GetHead());
            Assert.Null(follower.Chain.Store.GetBlock(3));
            Assert.Null(follower.Chain.Store.GetBlock(block.Hash));
            Assert.True(keysBefore == follower.KeyCount(), $"{name}: the refused block wrote to the store");
        }

        // After all that, the genuine block still imports.
        follower.Chain.ImportBlock(genuine, genuineCommit);
        Assert.Equal(genuine.Hash, follower.Chain.Head.Hash);
        Assert.Equal(genuine.Header.StateRoot, follower.Chain.StateAt().Root);
    }

    [Fact]
    public void First_block_must_not_carry_a_last_commit()
    {
        var genesis = MakeGenesis();
        using var producer = new RocksChain(_dir.Sub("producer"), genesis);
        Produce(producer, 2);
        using var follower = new RocksChain(_dir.Sub("follower"), genesis);
        var first = producer.Chain.Store.GetBlock(1)!;
        var stray = producer.Chain.Store.GetCommit(2)!;
        var tampered = Rebuild(first, h => h with { LastCommitHash = stray.Hash }, lastCommit: stray);
        Assert.Equal(BlockError.BadLastCommit, Assert.Throws<InvalidBlockException>(() => follower.Chain.ImportBlock(tampered, ChainTx.SignCommit(tampered))).Error);
        Assert.Equal(0UL, follower.Chain.Height);
        follower.Chain.ImportBlock(first, producer.Chain.Store.GetCommit(1)!);
        Assert.Equal(1UL, follower.Chain.Height);
    }

    [Fact]
    public void A_block_already_imported_is_refused_as_wrong_height()
    {
        var genesis = MakeGenesis();
        using var producer = new RocksChain(_dir.Sub("producer"), genesis);
        Produce(producer, 1);
        using var follower = new RocksChain(_dir.Sub("follower"), genesis);
        var block = producer.Chain.Store.GetBlock(1)!;
        var commit = producer.Chain.Store.GetCommit(1)!;
        follower.Chain.ImportBlock(block, commit);
        Assert.Equal(BlockError.WrongHeight, Assert.Throws<InvalidBlockException>(() => follower.Chain.ImportBlock(block, commit)).Error);
    }
}
