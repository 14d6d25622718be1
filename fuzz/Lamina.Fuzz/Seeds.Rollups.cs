using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.L1.Rollups;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for the rollups targets: one real body per kind and one real encoding per record type.</summary>
    private static void AddRollupSeeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        var root = new Hash256(Filled(32, 0x11));
        var alice = new Address(Filled(20, 0x33));
        var config = new RollupConfig(7, 4242, root, 1_000_000, 10, 5, new Address(Filled(20, 0x22)));
        var key = DevChain.Key(2);
        var transfer = OptimisticTransfer.Create(key, 4242, 7, alice, 10, 1, 0);
        var location = new BlobLocation(3, 1, new Hash256(Filled(32, 0x55)));

        var machine = new OptimisticStateMachine(new InMemorySmtNodeStore(), 4242, 7, alice, OptimisticFeeSchedule.Free);
        var state = machine.ApplyDeposit(SparseMerkleTree.EmptyRoot, key.Address, 100);
        var withdrawal = OptimisticWithdrawal.Create(key, 4242, 7, alice, 40, 0, 0);
        state = machine.ApplyDeposit(machine.ApplyWithdrawal(state, withdrawal), alice, 1);
        var output = new OptimisticOutput(state, root, 1);

        TxPayload[] payloads =
        [
            new RollupRegisterPayload(config),
            new RollupRegisterPayload(config with { DisputeClockSeconds = 30, DisputeExtensionSeconds = 10 }), // config version 2
            new RollupDepositPayload(7, alice, 500),
            RollupForceIncludePayload.Transfer(7, transfer),
            RollupForceIncludePayload.Withdrawal(7, withdrawal),
            new RollupBatchPayload(7, 2, [location, location with { BlobIndex = 2 }]),
            new RollupOutputPayload(7, 9, root, 1_000_000),
            new RollupWithdrawPayload(7, 1, withdrawal.Receipt, machine.ProveWithdrawal(output, withdrawal.Receipt)),
        ];
        seeds["rollup-payload"] = [.. payloads.Select(p =>
        {
            var writer = new CanonicalWriter();
            writer.WriteU8((byte)p.Kind);
            p.EncodeBody(writer);
            return writer.ToArray();
        })];

        byte[] Record<T>(int selector, T value) where T : ICanonical<T> => [(byte)selector, .. Canonical.Encode(value)];
        seeds["rollup-record"] =
        [
            Record(0, new RollupRecord(config, 0, 900, 400, 3, 1, 2, 4, 2, 9)),
            Record(0, new RollupRecord(config with { DisputeClockSeconds = 30, DisputeExtensionSeconds = 10 }, 0, 900, 400, 3, 1, 2, 4, 2, 9)),
            Record(1, new RollupOutputRecord(7, 1, 9, root, alice, 1_000_000, 12, 1_700_000_001_000, OutputStatus.Proposed)),
            Record(2, new RollupDepositRecord(7, 0, alice, key.Address, 500, 3)),
            Record(3, new RollupForcedRecord(7, 0, alice, (byte)OptimisticTxKind.Transfer, transfer.Encode(), 3, 1_700_000_001_000)),
            Record(4, new RollupBatchRecord(7, 2, [location], 4)),
            Record(5, new BlockBlobsRecord(root, [RollupNamespace.Of(7), RollupNamespace.Of(8)])),
            Record(6, new RollupWithdrawalRecord(7, 1, alice, 400, 9)),
            Record(7, new RollupIndexRecord([3, 7])),
            Record(8, new RollupPaidWithdrawalRecord(3, root, alice, 5, root)),
            Record(9, new RollupPaidWithdrawalCountRecord(4)),
        ];
        // Whole rollup transactions reach the transaction target as well.
        seeds["transaction"] = [.. seeds["transaction"], .. payloads.Select((p, i) => Transaction.Create(DevChain.Key(1), ChainId, (ulong)i, 2_000, 10, 200_000, p).Encoded)];
    }
}
