using Lamina.Core;
using Lamina.L1.Genesis;
using Lamina.L1.Rollups;
using Lamina.L2.Optimistic;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests.Rollups;

/// <summary>Registration (genesis and transaction), deposits and the forced-inclusion queue.</summary>
public sealed class RollupRegistrationTests
{
    [Fact]
    public void Genesis_registers_its_rollups_with_the_genesis_root_as_final_output_zero()
    {
        var kit = new RollupKit();
        Assert.Equal([RollupKit.Id], RollupLedger.ReadIndex(kit.State).Ids);
        var rollup = kit.Rollup;
        Assert.Equal(RollupKit.Config, rollup.Config);
        Assert.Equal((1UL, 1UL, 0UL), (rollup.NextOutput, rollup.FirstOpenOutput, rollup.LastOutputL2Block));
        var genesis = RollupLedger.FindOutput(kit.State, RollupKit.Id, 0)!;
        Assert.Equal(RollupKit.GenesisRoot, genesis.OutputRoot);
        Assert.Equal(OutputStatus.Finalized, genesis.Status);
        Assert.Equal(0UL, genesis.L2BlockNumber);
    }

    [Fact]
    public void A_rollup_registered_by_transaction_is_listed_in_id_order_and_cannot_be_registered_twice()
    {
        var kit = new RollupKit();
        var config = RollupKit.Config with { Id = 3, BatchPoster = Addr(2) };
        kit.Block(1_000, kit.Tx(2, new RollupRegisterPayload(config)));
        Assert.Equal([3UL, RollupKit.Id], RollupLedger.ReadIndex(kit.State).Ids);
        Assert.Equal(1UL, RollupLedger.Find(kit.State, 3)!.RegisteredAtHeight);
        Assert.Equal(RollupError.RollupExists, kit.Refused(kit.Tx(3, new RollupRegisterPayload(config with { L2ChainId = 1 }))));
    }

    [Fact]
    public void Registering_by_transaction_burns_the_registration_fee_and_keeps_the_l2_fee_schedule()
    {
        var kit = new RollupKit();
        var fees = new RollupL2Fees(25, 80, 100);
        var config = RollupKit.Config with { Id = 3, BatchPoster = Addr(2), L2Fees = fees };
        var tx = kit.Tx(2, new RollupRegisterPayload(config));
        // The fee is the payload's value at risk: the balance check before apply covers it with the gas.
        Assert.Equal((UInt128)tx.GasLimit * tx.MaxFeePerGas + RollupLimits.RegistrationFee, L1.Execution.TransactionRules.MaxCost(tx));
        var before = kit.Balance(Addr(2));
        var receipt = kit.Block(1_000, tx).Receipts.Single();
        var gasCost = (UInt128)receipt.GasUsed * receipt.EffectiveGasPrice;
        Assert.Equal(before - gasCost - RollupLimits.RegistrationFee, kit.Balance(Addr(2)));
        Assert.Equal((UInt128)receipt.GasUsed * BaseFee + RollupLimits.RegistrationFee, receipt.Burned);
        var registered = RollupLedger.Find(kit.State, 3)!;
        Assert.Equal(fees, registered.Config.L2Fees);
        // Every party executes an L2 block under the registered schedule at its origin's blob base fee.
        Assert.Equal(new OptimisticFeeSchedule(25, 7, 80, 100), registered.Config.L2FeesAt(7));
        Assert.Equal(25UL + 7 * 100, registered.Config.L2FeesAt(7).RequiredFee());
        var json = RollupJson.Rollup(registered);
        Assert.Equal("25", (string)json["l2Fees"]!["executionFee"]!);
        Assert.Equal(80u, (uint)json["l2Fees"]!["dataBytesPerTransaction"]!);
        Assert.Equal(100u, (uint)json["l2Fees"]!["minDataBytes"]!);
        // Genesis registrations pay nothing (no one signs them); the genesis rollup stays free unless configured.
        Assert.Equal(RollupL2Fees.Free, kit.Rollup.Config.L2Fees);
    }

    [Fact]
    public void A_sender_who_cannot_pay_the_registration_fee_is_refused_before_execution()
    {
        var kit = new RollupKit();
        var poor = Key(7);
        // Leave key 7 with less than the registration fee.
        var spend = kit.Balance(poor.Address) - RollupLimits.RegistrationFee / 2;
        kit.Block(1_000, kit.Tx(7, new L1.Transactions.TransferPayload(Addr(6), spend), 21_000));
        var tx = kit.Tx(7, new RollupRegisterPayload(RollupKit.Config with { Id = 9 }));
        var e = Assert.Throws<L1.Transactions.TransactionRejectedException>(() => kit.Executor.ApplyInBlock(kit.State, tx, new L1.Modules.BlockContext(ChainId, kit.Height + 1, kit.TimeMs + 1_000, ValidatorKey.Address, BaseFee, []), 0));
        Assert.Equal(L1.Transactions.TxRejectReason.InsufficientBalance, e.Reason);
        Assert.Null(RollupLedger.Find(kit.State, 9));
    }

    [Fact]
    public void Out_of_range_configs_are_refused_by_the_payload_and_by_genesis()
    {
        Assert.Throws<ArgumentException>(() => new RollupRegisterPayload(RollupKit.Config with { Id = 0 }));
        Assert.Throws<ArgumentException>(() => new RollupRegisterPayload(RollupKit.Config with { ProposerBond = 0 }));
        Assert.Throws<ArgumentException>(() => new RollupRegisterPayload(RollupKit.Config with { ChallengeWindowSeconds = 0 }));
        Assert.Throws<ArgumentException>(() => new RollupRegisterPayload(RollupKit.Config with { SequencingWindowBlocks = 0 }));
        Assert.Throws<ArgumentException>(() => new RollupRegisterPayload(RollupKit.Config with { BatchPoster = Address.Zero }));
        Assert.Throws<ArgumentException>(() => new RollupRegisterPayload(RollupKit.Config with { L2Fees = new RollupL2Fees(1, RollupLimits.MaxL2DataBytesPerTransaction + 1, 100) }));
        Assert.Throws<ArgumentException>(() => new RollupRegisterPayload(RollupKit.Config with { L2Fees = new RollupL2Fees(1, 80, RollupLimits.MaxL2DataBytesPerTransaction + 1) }));
        var g = MakeGenesis();
        Assert.Throws<GenesisException>(() => new GenesisConfig(g.ChainId, g.GenesisTimeMs, g.Parameters, g.Validators, g.Balances, g.ValidatorNames, g.Staking, null, [RollupKit.Config]));
        Assert.Throws<GenesisException>(() => new GenesisConfig(g.ChainId, g.GenesisTimeMs, g.Parameters, g.Validators, g.Balances, g.ValidatorNames, g.Staking,
            L1.Blobs.BlobParameters.Default, [RollupKit.Config, RollupKit.Config]));
    }

    [Fact]
    public void The_genesis_file_round_trips_its_rollups_section_and_the_hash_covers_it()
    {
        var kit = new RollupKit();
        var json = kit.Genesis.ToJson();
        Assert.Contains("\"rollups\"", json, StringComparison.Ordinal);
        var parsed = GenesisConfig.Parse(json);
        Assert.Equal([RollupKit.Config], parsed.Rollups!);
        Assert.Equal(kit.Genesis.Hash(), parsed.Hash());
        var other = GenesisConfig.Parse(json.Replace("\"challengeWindowSeconds\": 10", "\"challengeWindowSeconds\": 11", StringComparison.Ordinal));
        Assert.NotEqual(kit.Genesis.Hash(), other.Hash());
        // The L2 fee schedule is read from the file (absent fields: free) and covered by the hash.
        var priced = GenesisConfig.Parse(json.Replace("\"l2ExecutionFee\": \"0\"", "\"l2ExecutionFee\": \"12\"", StringComparison.Ordinal)
            .Replace("\"l2MinDataBytes\": 0", "\"l2MinDataBytes\": 100", StringComparison.Ordinal));
        Assert.Equal(new RollupL2Fees(12, 0, 100), priced.Rollups![0].L2Fees);
        Assert.NotEqual(kit.Genesis.Hash(), priced.Hash());
        var file2 = kit.Genesis.ToFile();
        file2.Rollups![0].L2ExecutionFee = null;
        file2.Rollups![0].L2DataBytesPerTransaction = null;
        file2.Rollups![0].L2MinDataBytes = null;
        Assert.Equal(RollupL2Fees.Free, GenesisConfig.FromFile(file2).Rollups![0].L2Fees);
        file2.Rollups![0].L2ExecutionFee = "18446744073709551616";
        Assert.Throws<GenesisException>(() => GenesisConfig.FromFile(file2));
        // Dispute clocks: both or neither, read back and covered by the hash.
        var clocked = kit.Genesis.ToFile();
        Assert.Null(clocked.Rollups![0].DisputeClockSeconds);
        clocked.Rollups![0].DisputeClockSeconds = 30;
        Assert.Throws<GenesisException>(() => GenesisConfig.FromFile(clocked));
        clocked.Rollups![0].DisputeExtensionSeconds = 10;
        var withClocks = GenesisConfig.FromFile(clocked);
        Assert.Equal((30UL, 10UL), (withClocks.Rollups![0].DisputeClockSeconds, withClocks.Rollups![0].DisputeExtensionSeconds));
        Assert.NotEqual(kit.Genesis.Hash(), withClocks.Hash());
        Assert.Equal(withClocks.Rollups, GenesisConfig.FromFile(withClocks.ToFile()).Rollups);
        clocked.Rollups![0].DisputeExtensionSeconds = 30;
        Assert.Throws<GenesisException>(() => GenesisConfig.FromFile(clocked));
        // Without a "rollups" section the module is off and the hash is the blob-only genesis's.
        var file = kit.Genesis.ToFile();
        file.Rollups = null;
        var noRollups = GenesisConfig.FromFile(file);
        Assert.Null(noRollups.Rollups);
        Assert.Null(L1.Modules.L1ModuleRegistry.ForGenesis(noRollups).Find<RollupsModule>());
        Assert.NotNull(L1.Modules.L1ModuleRegistry.ForGenesis(parsed).Find<RollupsModule>());
    }

    [Fact]
    public void Derived_rollup_lists_are_a_genesis_switch_that_the_hash_covers_and_the_module_reads()
    {
        var kit = new RollupKit();
        var off = kit.Genesis.ToFile();
        Assert.DoesNotContain("derivedRollupLists", kit.Genesis.ToJson(), StringComparison.Ordinal);
        Assert.False(L1.Modules.L1ModuleRegistry.ForGenesis(kit.Genesis).Find<RollupsModule>()!.DerivedLists);
        off.DerivedRollupLists = true;
        var on = GenesisConfig.FromFile(off);
        Assert.True(on.DerivedRollupLists);
        Assert.NotEqual(kit.Genesis.Hash(), on.Hash());
        Assert.True(L1.Modules.L1ModuleRegistry.ForGenesis(on).Find<RollupsModule>()!.DerivedLists);
        var reread = GenesisConfig.Parse(on.ToJson());
        Assert.True(reread.DerivedRollupLists);
        Assert.Equal(on.Hash(), reread.Hash());
        // Written as false it reads as off, with the hash of a genesis that never named it.
        off.DerivedRollupLists = false;
        Assert.Equal(kit.Genesis.Hash(), GenesisConfig.FromFile(off).Hash());
        // It is a rule of the rollups module: without that module it is a mistake, said so.
        var noRollups = on.ToFile();
        noRollups.Rollups = null;
        var e = Assert.Throws<GenesisException>(() => GenesisConfig.FromFile(noRollups));
        Assert.Contains("rollups", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deposits_lock_funds_in_the_escrow_and_queue_in_order_with_their_height()
    {
        var kit = new RollupKit();
        var before = kit.Balance(Addr(2));
        kit.Block(1_000, kit.Deposit(2, Addr(5), 300), kit.Deposit(3, Addr(6), 200));
        kit.Block(1_000, kit.Deposit(2, Addr(5), 1));
        Assert.Equal((UInt128)501, kit.Escrow);
        Assert.Equal((UInt128)501, kit.Rollup.TotalDeposited);
        Assert.Equal(3UL, kit.Rollup.NextDeposit);
        Assert.True(before - kit.Balance(Addr(2)) > 301); // the deposits plus gas
        var deposits = RollupLedger.Page(0, kit.Rollup.NextDeposit, 10, i => RollupLedger.FindDeposit(kit.State, RollupKit.Id, i));
        Assert.Equal(
            [new RollupDepositRecord(RollupKit.Id, 0, Addr(2), Addr(5), 300, 1), new RollupDepositRecord(RollupKit.Id, 1, Addr(3), Addr(6), 200, 1), new RollupDepositRecord(RollupKit.Id, 2, Addr(2), Addr(5), 1, 2)],
            deposits);
        Assert.Equal(RollupError.UnknownRollup, kit.Refused(kit.Tx(2, new RollupDepositPayload(99, Addr(5), 1))));
    }

    [Fact]
    public void Forced_transactions_queue_with_their_l1_height_and_a_wrongly_signed_one_is_refused()
    {
        var kit = new RollupKit();
        var transfer = OptimisticTransfer.Create(Key(4), RollupKit.L2ChainId, RollupKit.Id, Addr(5), 10, 0, 0);
        var withdrawal = OptimisticWithdrawal.Create(Key(4), RollupKit.L2ChainId, RollupKit.Id, Addr(5), 3, 0, 1);
        kit.Block(1_000);
        kit.Block(1_000, kit.Tx(3, RollupForceIncludePayload.Transfer(RollupKit.Id, transfer)), kit.Tx(3, RollupForceIncludePayload.Withdrawal(RollupKit.Id, withdrawal)));
        var first = RollupLedger.FindForced(kit.State, RollupKit.Id, 0)!;
        Assert.Equal(new RollupForcedRecord(RollupKit.Id, 0, Addr(3), (byte)OptimisticTxKind.Transfer, transfer.Encode(), 2, kit.TimeMs), first);
        Assert.Equal(2 + RollupKit.SequencingWindow, first.DeadlineHeight(RollupKit.Config));
        Assert.Equal((byte)OptimisticTxKind.Withdrawal, RollupLedger.FindForced(kit.State, RollupKit.Id, 1)!.L2Kind);
        Assert.Equal(2UL, kit.Rollup.NextForced);

        // Signed for another rollup: it could never apply on this one, so it does not take a queue slot.
        var foreign = OptimisticTransfer.Create(Key(4), RollupKit.L2ChainId, RollupKit.Id + 1, Addr(5), 10, 0, 0);
        Assert.Equal(RollupError.BadForcedSignature, kit.Refused(kit.Tx(3, RollupForceIncludePayload.Transfer(RollupKit.Id, foreign))));
        // Transfers and withdrawals share a layout; the kind is bound by the signing tag, so a relabelled one fails here.
        Assert.Equal(RollupError.BadForcedSignature, kit.Refused(kit.Tx(3, new RollupForceIncludePayload(RollupKit.Id, (byte)OptimisticTxKind.Withdrawal, transfer.Encode()))));
        Assert.Throws<ArgumentException>(() => new RollupForceIncludePayload(RollupKit.Id, 9, transfer.Encode()));
        Assert.Throws<ArgumentException>(() => new RollupForceIncludePayload(RollupKit.Id, (byte)OptimisticTxKind.Withdrawal, transfer.Encode()[..^1]));
    }

    [Fact]
    public void Queue_records_are_found_by_the_l1_height_they_were_written_at()
    {
        var kit = new RollupKit();
        kit.Block(1_000, kit.Deposit(2, Addr(5), 1), kit.Deposit(3, Addr(5), 2)); // height 1
        kit.Block(1_000);                                                          // height 2: none
        kit.Block(1_000, kit.Deposit(2, Addr(5), 3));                              // height 3
        kit.Block(1_000, kit.Deposit(2, Addr(5), 4), kit.Deposit(3, Addr(5), 5), kit.Deposit(4, Addr(5), 6)); // height 4
        RollupDepositRecord? Read(ulong i) => RollupLedger.FindDeposit(kit.State, RollupKit.Id, i);
        ulong[] Amounts(ulong height) => [.. RollupLedger.AtHeight(kit.Rollup.NextDeposit, height, Read, d => d.L1Height).Select(d => d.Amount)];
        Assert.Equal([1UL, 2UL], Amounts(1));
        Assert.Empty(Amounts(2));
        Assert.Equal([3UL], Amounts(3));
        Assert.Equal([4UL, 5UL, 6UL], Amounts(4));
        Assert.Empty(Amounts(5));
        Assert.Empty(Amounts(0));
        Assert.Equal(3UL, RollupLedger.FirstAtOrAfter(6, 4, i => Read(i)!.L1Height));
        Assert.Equal(6UL, RollupLedger.FirstAtOrAfter(6, 9, i => Read(i)!.L1Height));
    }
}
