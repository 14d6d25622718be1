using System.Diagnostics;
using Lamina.Consensus;
using Lamina.Core.Crypto;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Chain;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.L1.Transactions;
using Lamina.Storage;
using static Lamina.Bench.Harness;

namespace Lamina.Bench;

/// <summary>
/// A validator's CPU on the data root: a verifying node checks a proposal that fills the block's blob limit (six
/// blobs of 127 KiB, 762 KiB) next to 200 transfers, attaching its sidecars (each checked against its commitment) and then
/// <c>Blockchain.ValidateProposal</c> (signatures, execution,
/// state root, data root); the data root alone (<c>BlobModule.DataRootOf</c>: lay out, extend, 4k NMT roots, root) is
/// timed on the same blobs in the same run. Each validation runs on a fresh chain (setup not timed).
/// </summary>
internal static class BlobRootSuite
{
    private const string ChainId = "lamina-bench-blobs";
    private const int Iterations = 9;

    public static void Run()
    {
        Console.WriteLine("\n## blob-root: validating a block at the blob limit (6 × 127 KiB) plus 200 transfers, and its data root alone");
        using var validator = SigningKey.FromSeed(new byte[32]);
        var senders = Fixtures.Keys(7, domain: 7);
        var genesis = new GenesisConfig(ChainId, 1_700_000_000_000, ChainParameters.Default, new ValidatorSet([new Validator(validator.PublicKey, 10)]),
            [.. senders.Select(k => (k.Address, UInt128.Parse("1000000000000000000000000"))).OrderBy(b => b.Item1)], ["v0"], blobs: BlobParameters.Default);
        var options = new L1.Mempool.MempoolOptions { MaxPerSender = 1_000 };
        using var producerStore = new InMemoryStore();
        var producer = new Blockchain(new ChainStore(producerStore), genesis, TimeProvider.System, options);
        var rng = new Random(5);
        var blobs = new List<Blob>();
        for (var i = 0; i < 6; i++)
        {
            var data = new byte[BlobParameters.MaxBlobBytes];
            rng.NextBytes(data);
            var id = new byte[Namespace.IdSize];
            id[^1] = (byte)(i + 1);
            producer.SubmitTransaction(Transaction.Create(senders[i], ChainId, 0, Fixtures.MaxFeePerGas, 2, 30_000, new BlobPayload(Namespace.User(id), 100, data)));
            blobs.Add(new Blob(Namespace.User(id), data));
        }
        for (var i = 0; i < 200; i++) producer.SubmitTransaction(Fixtures.Transfer(senders[6], ChainId, (ulong)i, senders[0].Address, 1));
        var block = producer.ProduceBlock(validator);
        Console.WriteLine($"(block 1: {block.Transactions.Count} transactions, {L1.Blobs.BlobModule.BlobsOf(block.Transactions).Sum(b => b.Data.Length):N0} blob bytes)");

        // Blob bytes travel as sidecars beside the block (the block holds commitments): a validator attaches them,
        // checking each against its commitment, before it validates; that check is timed with the validation.
        var sidecars = Lamina.Core.Codec.Canonical.Encode(BlobSidecars.Of(block) ?? throw new InvalidOperationException("the producer holds its blobs"));
        var validate = new double[Iterations];
        for (var i = 0; i < Iterations + 2; i++)
        {
            using var store = new InMemoryStore();
            var follower = new Blockchain(new ChainStore(store), genesis, TimeProvider.System);
            var fresh = Lamina.Core.Codec.Canonical.Decode<L1.Blocks.Block>(Lamina.Core.Codec.Canonical.Encode(block));
            var held = Lamina.Core.Codec.Canonical.Decode<BlobSidecars>(sidecars);
            var sw = Stopwatch.StartNew();
            held.AttachTo(fresh);
            follower.ValidateProposal(fresh);
            if (i >= 2) validate[i - 2] = sw.Elapsed.TotalSeconds;
        }
        var root = Time(2, Iterations, () => BlobModule.DataRootOf(blobs));
        var table = new Table("validator CPU on the data root", "what", "median", "share of validation");
        table.Add("ValidateProposal (whole block)", Ms(Median(validate)), "100 %");
        table.Add("data root (BlobModule.DataRootOf)", Ms(Median(root)), Pct(Median(root) / Median(validate)));
        table.Print();
    }
}
