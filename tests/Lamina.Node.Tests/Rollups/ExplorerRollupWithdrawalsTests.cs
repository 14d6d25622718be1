using System.Text.Json.Nodes;
using Lamina.Consensus;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L1.Blobs;
using Lamina.L1.Chain;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.L1.Rollups;
using Lamina.L2.Optimistic;
using Lamina.Node.Rollups;
using Lamina.Node.Rpc;
using Lamina.Node.Sidecars;
using Lamina.Storage;

namespace Lamina.Node.Tests.Rollups;

/// <summary>
/// explorer_rollupWithdrawals reads the rollup's paid-withdrawal list from the state: every withdrawal L1 paid is
/// listed, newest first, however many blocks ago it was paid (it used to scan only the latest 2,000 blocks).
/// </summary>
public sealed class ExplorerRollupWithdrawalsTests : IDisposable
{
    private const string ChainId = "lamina-withdrawals-test";
    private const ulong Id = 7, L2ChainId = 4242, WindowSeconds = 1;
    private const ulong GenesisMs = 1_700_000_000_000;
    private static readonly UInt128 Bond = 1_000_000;
    private readonly InMemoryStore _store = new();
    private readonly SigningKey _validator = SigningKey.FromSeed(new byte[32]);
    private readonly SigningKey _user = SigningKey.FromSeed(Enumerable.Repeat((byte)7, 32).ToArray());
    private readonly MovableTime _time = new((long)GenesisMs + 1_000);

    public void Dispose()
    {
        _store.Dispose();
        _validator.Dispose();
        _user.Dispose();
    }

    [Fact]
    public void Every_paid_withdrawal_is_listed_newest_first_however_long_ago_it_was_paid()
    {
        var rollup = new RollupConfig(Id, L2ChainId, SparseMerkleTree.EmptyRoot, Bond, WindowSeconds, 5, _user.Address);
        var genesis = new GenesisConfig(ChainId, GenesisMs, ChainParameters.Default, new ValidatorSet([new Validator(_validator.PublicKey, 10)]),
            [(_user.Address, UInt128.Parse("1000000000000000000000000"))], ["v0"], blobs: BlobParameters.Default, rollups: [rollup]);
        var chain = new Blockchain(new ChainStore(_store), genesis, _time);
        var views = new ExplorerRollupViews(chain, new BlobSidecarCache(chain));
        var l1 = new RollupTxBuilder(_user, ChainId, 0, 10_000, 2);

        // L2: the user's deposit is credited, then two withdrawals to two L1 recipients; one output over that state.
        var machine = new OptimisticStateMachine(new InMemorySmtNodeStore(), L2ChainId, Id, _user.Address, OptimisticFeeSchedule.Free);
        var root = machine.ApplyDeposit(SparseMerkleTree.EmptyRoot, _user.Address, 1_000);
        var withdrawals = new[] { (Recipient(0xA1), 300UL), (Recipient(0xA2), 200UL) }
            .Select((w, nonce) => OptimisticWithdrawal.Create(_user, L2ChainId, Id, w.Item1, w.Item2, 0, (ulong)nonce)).ToArray();
        foreach (var w in withdrawals) root = machine.ApplyWithdrawal(root, w);
        var output = new OptimisticOutput(root, new Hash256(Enumerable.Repeat((byte)0xB1, 32).ToArray()), 1);
        Block(chain, l1.Deposit(Id, _user.Address, 1_000), l1.Output(Id, output, Bond));
        _time.Advance(TimeSpan.FromSeconds(WindowSeconds + 1));
        Block(chain); // the output finalizes

        var first = l1.Withdraw(Id, 1, withdrawals[0].Receipt, machine.ProveWithdrawal(output, withdrawals[0].Receipt));
        Block(chain, first);
        var firstHeight = chain.Height;
        for (var i = 0; i < 2_001; i++) chain.ProduceBlock(_validator); // more than the 2,000 blocks the explorer scanned
        var second = l1.Withdraw(Id, 1, withdrawals[1].Receipt, machine.ProveWithdrawal(output, withdrawals[1].Receipt));
        Block(chain, second);

        var answer = views.Withdrawals(Params(Id, 10));
        var listed = answer["withdrawals"]!.AsArray();
        Assert.Equal([second.Hash.ToString(), first.Hash.ToString()], listed.Select(w => w!["txHash"]!.GetValue<string>()));
        Assert.Equal((2UL, chain.Height), (answer["paid"]!.GetValue<ulong>(), answer["height"]!.GetValue<ulong>()));
        Assert.Equal([1UL, 0UL], listed.Select(w => w!["number"]!.GetValue<ulong>()));
        Assert.Equal([chain.Height, firstHeight], listed.Select(w => w!["l1Height"]!.GetValue<ulong>()));
        Assert.Equal([withdrawals[1].Receipt.Id.ToString(), withdrawals[0].Receipt.Id.ToString()], listed.Select(w => w!["withdrawalId"]!.GetValue<string>()));
        Assert.Equal([Recipient(0xA2).ToString(), Recipient(0xA1).ToString()], listed.Select(w => w!["l1Recipient"]!.GetValue<string>()));
        Assert.Equal(["200", "300"], listed.Select(w => w!["amount"]!.GetValue<string>()));
        Assert.All(listed, w => Assert.Equal((_user.Address.ToString(), 1UL), (w!["l2Sender"]!.GetValue<string>(), w["outputIndex"]!.GetValue<ulong>())));
        Assert.Equal([0UL, 1UL], listed.Select(w => w!["nonce"]!.GetValue<ulong>()).Reverse());

        // Paged: the newest alone, then the ones before it.
        Assert.Equal(second.Hash.ToString(), Assert.Single(views.Withdrawals(Params(Id, 1))["withdrawals"]!.AsArray())!["txHash"]!.GetValue<string>());
        Assert.Equal(first.Hash.ToString(), Assert.Single(views.Withdrawals(Params(Id, 10, 1))["withdrawals"]!.AsArray())!["txHash"]!.GetValue<string>());
        // The list is consensus state: it is what L1's own reads say.
        Assert.Equal(2UL, RollupLedger.PaidWithdrawalCount(chain.StateAt(), Id));
        Assert.Equal(new RollupPaidWithdrawalRecord(0, withdrawals[0].Receipt.Id, _user.Address, 0, first.Hash), RollupLedger.FindPaidWithdrawal(chain.StateAt(), Id, 0));
    }

    private void Block(Blockchain chain, params L1.Transactions.Transaction[] txs)
    {
        foreach (var tx in txs) chain.SubmitTransaction(tx);
        var block = chain.ProduceBlock(_validator);
        // A transaction a rule refuses is left out of the block: every one here must be in it.
        Assert.Equal(txs.Select(t => t.Hash), block.Transactions.Select(t => t.Hash));
    }

    private static Address Recipient(byte fill) => new(Enumerable.Repeat(fill, Address.Size).ToArray());

    private static RpcParams Params(params ulong[] values) => new(new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]));

    private sealed class MovableTime(long unixMs) : TimeProvider
    {
        private long _unixMs = unixMs;
        public void Advance(TimeSpan by) => _unixMs += (long)by.TotalMilliseconds;
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(_unixMs);
    }
}
