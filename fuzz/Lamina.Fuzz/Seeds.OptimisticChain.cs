using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for the L2 chain targets: a genesis header, a block with a deposit, a forced and a sequenced transaction, and a channel.</summary>
    private static void AddOptimisticChainSeeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        using var alice = SigningKey.FromSeed(Filled(32, 1));
        var bob = new Address(Filled(Address.Size, 2));
        var machine = new OptimisticStateMachine(new InMemorySmtNodeStore(), 1, 1, new Address(Filled(Address.Size, 9)));
        var genesis = L2BlockHeader.Genesis(3, 1_000, SparseMerkleTree.EmptyRoot);
        var forced = OptimisticBatchItem.From(OptimisticTransfer.Create(alice, 1, 1, bob, 10, 0, 0));
        var sequenced = OptimisticBatchItem.From(OptimisticWithdrawal.Create(alice, 1, 1, bob, 5, 0, 1));
        var block = new L2BlockExecutor(machine).Execute(genesis, new L2BlockInputs(4, 1_100,
            [new L2Deposit(0, alice.Address, 100)], [new ForcedTransaction(0, 3, forced)], [sequenced])).Block;
        var empty = new L2BlockExecutor(machine).Execute(block.Header, new L2BlockInputs(4, 1_200, [], [], [])).Block;
        seeds["l2-block-header"] = [genesis.Encode(), block.Header.Encode()];
        seeds["l2-block"] = [block.Encode(), empty.Encode()];
        seeds["l2-transaction"] = [.. block.Transactions.Select(t => t.Encode())];
        OptimisticBatchBlock[] channel = [new(1, 1_100, 4, 1, [sequenced]), new(2, 1_200, 4, 0, [])];
        seeds["optimistic-channel-payload"] = [OptimisticChannelPayload.Encode(channel)];
        seeds["optimistic-channel-frame"] = [.. OptimisticChannelFrame.Split(OptimisticChannelPayload.Compress(channel), 200)];
    }
}
