using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.L1.Genesis;
using Lamina.L1.Mempool;
using Lamina.L1.Modules;
using Lamina.L1.Transactions;
using Lamina.Storage;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests.Blobs;

/// <summary>
/// The blob module through real blocks: the proposer lays the blobs into the square and writes the data root, a
/// second node decodes the stored block and recomputes it, a wrong root is refused, the blob fee is burned from the
/// sender, the per-block limit holds in both modes, and a chain that never carries a blob has the same blocks and
/// roots with the module as without it.
/// </summary>
public sealed class BlobChainTests
{
    private const ulong Gas = 30_000;
    private const ulong MaxFeePerGas = 2_000;
    private const ulong Tip = 10;

    private static Blockchain Chain(GenesisConfig genesis, InMemoryStore store, BlobParameters? parameters = null)
        => new(new ChainStore(store), genesis, ManualTime.AtGenesis(), BigTransactions, L1ModuleRegistry.Standard(genesis.Staking, parameters ?? BlobParameters.Default));

    // The mempool's default cap on one transaction (64 KiB) is below the largest blob transaction.
    private static readonly MempoolOptions BigTransactions = new() { MaxTransactionBytes = Transaction.MaxEncodedSize };

    private static byte[] Data(int length, byte seed)
    {
        var data = new byte[length];
        for (var i = 0; i < data.Length; i++) data[i] = (byte)((i * 31) + seed);
        return data;
    }

    private static Transaction Blob(int from, ulong nonce, byte ns, byte[] data, ulong maxFeePerBlobGas = 1_000)
        => Transaction.Create(Key(from), ChainId, nonce, MaxFeePerGas, Tip, Gas, new BlobPayload(BlobCodecTests.Ns(ns), maxFeePerBlobGas, data));

    [Fact]
    public void Blobs_are_laid_into_the_square_and_a_verifier_recomputes_the_data_root()
    {
        var genesis = MakeGenesis();
        using var producerStore = new InMemoryStore();
        using var followerStore = new InMemoryStore();
        var producer = Chain(genesis, producerStore);
        var follower = Chain(genesis, followerStore);

        var first = Data(1_500, 1);
        var second = Data(40, 2);
        producer.SubmitTransaction(Blob(1, 0, 9, first));
        producer.SubmitTransaction(Blob(1, 1, 3, second));
        producer.SubmitTransaction(Transfer(Key(2), 0, Addr(3), 5));
        var withBlobs = producer.ProduceBlock(ValidatorKey);
        var empty = producer.ProduceBlock(ValidatorKey);
        Assert.Equal(3, withBlobs.Transactions.Count);

        // The root is the DA codec's, over the square the two blobs make (namespace order: 3 before 9).
        var square = DataSquare.FromBlobs([new Blob(BlobCodecTests.Ns(9), first), new Blob(BlobCodecTests.Ns(3), second)]);
        Assert.Equal(4, square.Width);
        var expected = ExtendedSquare.Extend(square, GfIsa.Scalar, 1).ComputeHeader().DataRoot;
        Assert.Equal(expected, withBlobs.Header.DataRoot);
        Assert.NotEqual(Hash256.Zero, withBlobs.Header.DataRoot);
        Assert.Equal(Hash256.Zero, empty.Header.DataRoot);

        // A block holds commitments only: decoded, its blobs have no bytes, and as a proposal it cannot be checked.
        var bare = Canonical.Decode<Block>(Canonical.Encode(withBlobs));
        Assert.Equal(BlockError.BlobsUnavailable, Assert.Throws<InvalidBlockException>(() => follower.ValidateProposal(bare)).Error);
        // With its sidecars attached the verifier recomputes the root from the square.
        BlobSidecars.Of(withBlobs)!.AttachTo(bare);
        follower.ValidateProposal(bare);
        for (ulong h = 1; h <= producer.Height; h++)
        {
            var block = Canonical.Decode<Block>(Canonical.Encode(producer.Store.GetBlock(h)!));
            if (h == withBlobs.Height) BlobSidecars.Of(withBlobs)!.AttachTo(block);
            follower.ImportBlock(block, producer.Store.GetCommit(h)!);
        }
        Assert.Equal(producer.Head.Hash, follower.Head.Hash);
        Assert.Equal(producer.StateAt().Root, follower.StateAt().Root);
    }

    [Fact]
    public void A_proposal_with_a_wrong_data_root_is_refused()
    {
        var genesis = MakeGenesis();
        using var producerStore = new InMemoryStore();
        using var verifierStore = new InMemoryStore();
        var producer = Chain(genesis, producerStore);
        var verifier = Chain(genesis, verifierStore);
        producer.SubmitTransaction(Blob(1, 0, 4, Data(700, 7)));
        var genuine = producer.BuildBlock(ValidatorKey.Address, null, []).Block;

        foreach (var lie in new[] { Hash256.Zero, new Hash256(Enumerable.Repeat((byte)0x5a, 32).ToArray()), BlobModule.DataRootOf([new Blob(BlobCodecTests.Ns(5), Data(700, 7))]) })
        {
            var header = genuine.Header with { DataRoot = lie };
            var forged = new Block(header, genuine.Transactions, genuine.LastCommit, genuine.Evidence);
            var ex = Assert.Throws<InvalidBlockException>(() => verifier.ValidateProposal(forged));
            Assert.Equal(BlockError.BadDataRoot, ex.Error);
        }
        verifier.ValidateProposal(genuine);

        // And a blob-free block that claims a data root is refused too.
        using var otherStore = new InMemoryStore();
        var other = Chain(genesis, otherStore);
        other.SubmitTransaction(Transfer(Key(2), 0, Addr(3), 5));
        var plain = other.BuildBlock(ValidatorKey.Address, null, []).Block;
        var claimed = new Block(plain.Header with { DataRoot = genuine.Header.DataRoot }, plain.Transactions, plain.LastCommit, plain.Evidence);
        Assert.Equal(BlockError.BadDataRoot, Assert.Throws<InvalidBlockException>(() => verifier.ValidateProposal(claimed)).Error);
    }

    [Fact]
    public void The_blob_fee_is_burned_and_the_fee_state_tracks_usage()
    {
        var genesis = MakeGenesis();
        using var store = new InMemoryStore();
        var chain = Chain(genesis, store);
        var module = chain.Modules.Find<BlobModule>()!;
        var before = chain.GetAccount(Addr(1)).Balance;
        for (ulong n = 0; n < 4; n++) chain.SubmitTransaction(Blob(1, n, 1, Data(125_000, (byte)n)));
        var block = chain.ProduceBlock(ValidatorKey);
        Assert.Equal(4, block.Transactions.Count);

        var state = chain.StateAt();
        UInt128 executionFee = 0;
        foreach (var tx in block.Transactions) executionFee += (UInt128)chain.Store.GetReceipt(tx.Hash)!.GasUsed * (block.Header.BaseFeePerGas + Tip);
        // The first block's blob base fee is the minimum, 1 per byte: 500,000 bytes cost 500,000.
        Assert.Equal(before - executionFee - 500_000, state.GetAccount(Addr(1)).Balance);
        // Each receipt's burned amount is the whole burn: execution gas at the base fee plus the blob fee.
        foreach (var tx in block.Transactions)
        {
            var receipt = chain.Store.GetReceipt(tx.Hash)!;
            Assert.Equal(((UInt128)receipt.GasUsed * block.Header.BaseFeePerGas) + 125_000, receipt.Burned);
        }
        Assert.Equal(new BlobFeeState(0, 500_000), BlobModule.ReadFeeState(state));
        // 500,000 bytes is over the 393,216 target: the next block's fee state carries the excess, and the fee rises.
        chain.ProduceBlock(ValidatorKey);
        Assert.Equal(new BlobFeeState(500_000 - 393_216, 0), BlobModule.ReadFeeState(chain.StateAt()));
        Assert.Equal(BlobFeeMarket.FakeExponential(1, 106_784, 3_338_477), module.CurrentBaseFee(chain.StateAt()));
        // One empty block more drains the excess, and the record disappears again.
        chain.ProduceBlock(ValidatorKey);
        Assert.Null(chain.StateAt().GetRecord<BlobFeeState>(BlobModule.FeeStateKey));
    }

    [Fact]
    public void The_per_block_limit_holds_when_building_and_when_verifying()
    {
        var genesis = MakeGenesis();
        using var laxStore = new InMemoryStore();
        using var strictStore = new InMemoryStore();
        var lax = Chain(genesis, laxStore, BlobParameters.Default with { MaxBlobGasPerBlock = 786_432 });
        var strict = Chain(genesis, strictStore, BlobParameters.Default with { TargetBlobGasPerBlock = 200_000, MaxBlobGasPerBlock = 400_000 });

        // Build mode: the seventh 120,000-byte blob would pass 786,432 and is left out.
        for (ulong n = 0; n < 7; n++) lax.SubmitTransaction(Blob(1, n, (byte)(n + 1), Data(120_000, (byte)n)));
        var built = lax.ProduceBlock(ValidatorKey);
        Assert.Equal(6, built.Transactions.Count);
        Assert.Equal(720_000UL, BlobModule.ReadFeeState(lax.StateAt()).BlobGasUsed);
        // The seventh found the block full, which is no fault of its own: it waits in the pool for the next block.
        Assert.Equal(1, lax.Mempool.Count);

        // Verify mode: a node whose limit is 400,000 refuses the same block.
        var ex = Assert.Throws<InvalidBlockException>(() => strict.ImportBlock(built, lax.Store.GetCommit(1)!));
        Assert.Equal(BlockError.BadTransaction, ex.Error);
        Assert.Contains("over the limit of 400000", ex.Message);
        Assert.Equal(0UL, strict.Height);

        var next = lax.ProduceBlock(ValidatorKey);
        Assert.Equal(Assert.Single(next.Transactions).Hash, Blob(1, 6, 7, Data(120_000, 6)).Hash);
        Assert.Equal(0, lax.Mempool.Count);
    }

    [Fact]
    public void A_blob_whose_fee_cap_is_below_the_base_fee_stays_out()
    {
        var genesis = MakeGenesis();
        using var store = new InMemoryStore();
        var chain = Chain(genesis, store, BlobParameters.Default with { TargetBlobGasPerBlock = 1_000, MinBaseFeePerBlobGas = 1_000 });
        chain.SubmitTransaction(Blob(1, 0, 1, Data(120_000, 1), maxFeePerBlobGas: 1_000));
        Assert.Single(chain.ProduceBlock(ValidatorKey).Transactions);
        var module = chain.Modules.Find<BlobModule>()!;
        var fee = module.NextBaseFee(chain.StateAt());
        Assert.Equal(BlobFeeMarket.FakeExponential(1_000, 119_000, 3_338_477), fee);
        Assert.True(fee > 1_000);
        var cheap = Blob(2, 0, 1, Data(10, 1), maxFeePerBlobGas: fee - 1);
        // The mempool refuses it against the next block's blob base fee (EIP-4844's blob pool rule), so no block sees it.
        Assert.Equal(TxRejectReason.BlobFeeTooLow, Assert.Throws<TransactionRejectedException>(() => chain.SubmitTransaction(cheap)).Reason);
        Assert.Equal(0, chain.Mempool.Count);
        var block = chain.ProduceBlock(ValidatorKey);
        Assert.Empty(block.Transactions);
        Assert.Equal(0UL, chain.GetAccount(Addr(2)).Nonce);
    }

    [Fact]
    public void A_blob_free_chain_has_the_same_blocks_with_the_module_as_without_it()
    {
        var genesis = MakeGenesis();
        using var withStore = new InMemoryStore();
        using var withoutStore = new InMemoryStore();
        var with = Chain(genesis, withStore);
        var without = new Blockchain(new ChainStore(withoutStore), genesis, ManualTime.AtGenesis());
        for (var round = 0; round < 3; round++)
        {
            foreach (var chain in new[] { with, without }) chain.SubmitTransaction(Transfer(Key(1), (ulong)round, Addr(2), 100));
            var a = with.ProduceBlock(ValidatorKey);
            var b = without.ProduceBlock(ValidatorKey);
            Assert.Equal(b.Hash, a.Hash);
            Assert.Equal(Hash256.Zero, a.Header.DataRoot);
        }
    }
}
