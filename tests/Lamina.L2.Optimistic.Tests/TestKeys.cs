using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Tests;

/// <summary>Deterministic keys, addresses and a fresh state machine for the tests of this project.</summary>
internal static class TestKeys
{
    public const ulong ChainId = 7, RollupId = 3;
    public static readonly Address Sequencer = Addr(0xEE);

    private static readonly SigningKey[] Keys = [.. Enumerable.Range(0, 16).Select(i => SigningKey.FromSeed([.. Enumerable.Repeat((byte)(i + 1), 32)]))];

    public static SigningKey Key(int i) => Keys[i];

    public static Address Addr(byte b) => new([.. Enumerable.Repeat(b, Address.Size)]);

    public static OptimisticStateMachine Machine(OptimisticFeeSchedule fees = default) =>
        new(new InMemorySmtNodeStore(), ChainId, RollupId, Sequencer, fees);

    public static OptimisticBatchItem Transfer(int from, Address to, ulong amount, ulong nonce, ulong fee = 0) =>
        OptimisticBatchItem.From(OptimisticTransfer.Create(Key(from), ChainId, RollupId, to, amount, fee, nonce));

    public static OptimisticBatchItem Withdraw(int from, Address to, ulong amount, ulong nonce, ulong fee = 0) =>
        OptimisticBatchItem.From(OptimisticWithdrawal.Create(Key(from), ChainId, RollupId, to, amount, fee, nonce));

    public static L2BlockHeader Genesis => L2BlockHeader.Genesis(10, 1_000_000, SparseMerkleTree.EmptyRoot);
}
