using System.Numerics;
using Lamina.Consensus;
using Lamina.Core;
using Lamina.L1.Staking;
using Lamina.L1.State;
using Lamina.L1.Transactions;
using static Lamina.L1.Tests.StakingKit;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests;

/// <summary>
/// Stake, unstake, withdraw, slash and unjail, driven through <see cref="Execution.BlockExecutor.Apply"/> as a block
/// would run them (so dispatch, fees and nonces are covered too) and through <see cref="StakingModule"/> directly
/// where no transaction exists (slashing) or where the executor's own checks would answer first.
/// </summary>
public sealed class StakingModuleTests
{
    private static Hash256 Evidence(byte b) => new(Enumerable.Repeat(b, 32).ToArray());

    /// <summary>floor(amount × bps / 10,000) computed with big integers, independent of the module's split arithmetic.</summary>
    private static UInt128 Cut(UInt128 amount, uint bps) => UInt128.Parse((BigInteger.Parse(amount.ToString()) * bps / 10_000).ToString());

    // ---- Stake ----------------------------------------------------------------------------------------------------

    [Fact]
    public void Stake_moves_balance_to_stake_registers_the_operator_and_charges_the_gas_fee()
    {
        var state = FundedState();
        var executor = Executor();
        var root0 = state.Root;
        var everyone = new[] { Addr(1), ValidatorKey.Address };
        var supply0 = Supply(state, everyone);

        var receipt = Apply(executor, state, n => StakeTx(Key(1), n, 5_000), 1, height: 3);

        Assert.Equal(StakePayload.Gas, receipt.GasUsed);
        Assert.Equal((UInt128)StakePayload.Gas * TestKit.BaseFee, receipt.Burned);
        Assert.Equal((UInt128)StakePayload.Gas * Tip, receipt.Tip);
        Assert.Equal(new Account(Funds - 5_000 - Fee(StakePayload.Gas), 1), state.GetAccount(Addr(1)));
        Assert.Equal(new Account(receipt.Tip, 0), state.GetAccount(ValidatorKey.Address));
        Assert.Equal(new ValidatorRecord(Key(1).PublicKey, 5_000, false, 0, 0), Record(state, Addr(1)));
        Assert.Equal([Addr(1)], state.GetRecord<ValidatorRegistry>(StateKeys.ValidatorRegistry)!.Operators);
        Assert.Equal(supply0 - receipt.Burned, Supply(state, everyone));

        var root1 = state.Commit();
        Assert.NotEqual(root0, root1);

        // Topping up adds to the same record; the registry does not grow; the minimum applies to the total.
        Apply(executor, state, n => StakeTx(Key(1), n, 1), 1, height: 4);
        Assert.Equal((UInt128)5_001, Record(state, Addr(1)).Stake);
        Assert.Single(state.GetRecord<ValidatorRegistry>(StateKeys.ValidatorRegistry)!.Operators);
        Assert.Equal(Funds - 5_001 - 2 * Fee(StakePayload.Gas), state.GetAccount(Addr(1)).Balance);
        Assert.NotEqual(root1, state.Commit());
    }

    [Fact]
    public void Stake_below_the_minimum_or_of_zero_is_refused_and_writes_nothing()
    {
        var state = FundedState();
        var executor = Executor();
        Refused(state, TxRejectReason.StakeBelowMinimum, () => Apply(executor, state, n => StakeTx(Key(1), n, 999), 1));
        Refused(state, TxRejectReason.StakeBelowMinimum, () => Apply(executor, state, n => StakeTx(Key(1), n, 0), 1));
        Assert.Equal(new Account(Funds, 0), state.GetAccount(Addr(1)));
        Assert.Null(StakingModule.GetValidator(state, Addr(1)));
        Assert.Null(state.GetRecord<ValidatorRegistry>(StateKeys.ValidatorRegistry));

        Apply(executor, state, n => StakeTx(Key(1), n, 1_000), 1);
        Assert.Equal((UInt128)1_000, Record(state, Addr(1)).Stake);
    }

    [Fact]
    public void Stake_beyond_the_balance_is_InsufficientBalance_at_the_executor_and_in_the_module()
    {
        var state = FundedState();
        var executor = Executor();
        // Exactly enough for the worst-case gas but 1 short of the stake.
        var budget = (UInt128)StakePayload.Gas * MaxFee;
        state.SetAccount(Addr(9), new Account(budget + 4_999, 0));
        state.Commit();
        Refused(state, TxRejectReason.InsufficientBalance, () => Apply(executor, state, n => StakeTx(Key(9), n, 5_000), 9));

        // The module checks on its own too (it does not rely on the executor's fee check).
        var module = new StakingModule(Small);
        state.SetAccount(Addr(9), new Account(4_999, 0));
        state.Commit();
        Refused(state, TxRejectReason.InsufficientBalance, () => module.Stake(state, StakeTx(Key(9), 0, 5_000), 5_000));
        Assert.Null(StakingModule.GetValidator(state, Addr(9)));

        // With the fee covered it goes through, and the sender ends with exactly the unused fee budget.
        state.SetAccount(Addr(9), new Account(budget + 5_000, 0));
        state.Commit();
        Apply(executor, state, n => StakeTx(Key(9), n, 5_000), 9);
        Assert.Equal(budget - Fee(StakePayload.Gas), state.GetAccount(Addr(9)).Balance);
    }

    [Fact]
    public void The_operator_is_the_sender_address_so_another_key_cannot_bond_into_an_existing_operator()
    {
        var state = FundedState();
        var executor = Executor();
        Apply(executor, state, n => StakeTx(Key(1), n, 5_000), 1);
        Apply(executor, state, n => StakeTx(Key(2), n, 2_000), 2);

        // Each key got its own record under its own address, with itself as the consensus key.
        Assert.Equal(new ValidatorRecord(Key(1).PublicKey, 5_000, false, 0, 0), Record(state, Addr(1)));
        Assert.Equal(new ValidatorRecord(Key(2).PublicKey, 2_000, false, 0, 0), Record(state, Addr(2)));
        Assert.Equal(new[] { Addr(1), Addr(2) }.OrderBy(a => a), state.GetRecord<ValidatorRegistry>(StateKeys.ValidatorRegistry)!.Operators);

        // A record whose key does not belong to its address can only come from a corrupted state; the module refuses it.
        state.SetRecord(StateKeys.Validator(Addr(3)), new ValidatorRecord(Key(4).PublicKey, 5_000, false, 0, 0));
        state.Commit();
        var module = new StakingModule(Small);
        Refused(state, TxRejectReason.NotAValidator, () => module.Stake(state, StakeTx(Key(3), 0, 1_000), 1_000));
        Assert.Equal(Funds, state.GetAccount(Addr(3)).Balance);
    }

    // ---- Unstake ----------------------------------------------------------------------------------------------------

    [Fact]
    public void Unstake_creates_an_unbonding_entry_released_after_the_unbonding_period()
    {
        var state = FundedState();
        var executor = Executor();
        Apply(executor, state, n => StakeTx(Key(1), n, 5_000), 1, height: 2);
        var balance = state.GetAccount(Addr(1)).Balance;

        Apply(executor, state, n => UnstakeTx(Key(1), n, 1_500), 1, height: 7);

        Assert.Equal((UInt128)3_500, Record(state, Addr(1)).Stake);
        Assert.Equal([new UnbondingEntry(1_500, 7 + Small.UnbondingPeriodBlocks)], Queue(state, Addr(1)).Entries);
        // The balance pays only the fee: the unbonding amount is not spendable yet.
        Assert.Equal(balance - Fee(UnstakePayload.Gas), state.GetAccount(Addr(1)).Balance);

        // Entries accumulate in order; unstaking everything is allowed and leaves a zero-stake record.
        Apply(executor, state, n => UnstakeTx(Key(1), n, 3_500), 1, height: 9);
        Assert.Equal(UInt128.Zero, Record(state, Addr(1)).Stake);
        Assert.Equal([new UnbondingEntry(1_500, 57), new UnbondingEntry(3_500, 59)], Queue(state, Addr(1)).Entries);
    }

    [Fact]
    public void Unstake_refusals_name_the_reason_and_write_nothing()
    {
        var state = FundedState();
        var executor = Executor();
        Apply(executor, state, n => StakeTx(Key(1), n, 5_000), 1);

        Refused(state, TxRejectReason.StakeBelowMinimum, () => Apply(executor, state, n => UnstakeTx(Key(1), n, 4_001), 1));
        Refused(state, TxRejectReason.InsufficientStake, () => Apply(executor, state, n => UnstakeTx(Key(1), n, 5_001), 1));
        Refused(state, TxRejectReason.InsufficientStake, () => Apply(executor, state, n => UnstakeTx(Key(1), n, 0), 1));
        Refused(state, TxRejectReason.NotAValidator, () => Apply(executor, state, n => UnstakeTx(Key(2), n, 1), 2));
        Assert.Equal((UInt128)5_000, Record(state, Addr(1)).Stake);
        Assert.Empty(Queue(state, Addr(1)).Entries);
        Assert.Equal(1UL, state.GetAccount(Addr(1)).Nonce);
        Assert.Equal(new Account(Funds, 0), state.GetAccount(Addr(2)));

        // Leaving exactly the minimum is fine.
        Apply(executor, state, n => UnstakeTx(Key(1), n, 4_000), 1);
        Assert.Equal(Small.MinSelfStake, Record(state, Addr(1)).Stake);
    }

    [Fact]
    public void The_seventeenth_pending_unbonding_is_TooManyUnbondings()
    {
        var state = FundedState();
        var executor = Executor();
        Apply(executor, state, n => StakeTx(Key(1), n, 2_000), 1);
        for (var i = 0; i < UnbondingQueue.MaxEntries; i++) Apply(executor, state, n => UnstakeTx(Key(1), n, 10), 1, height: 10 + (ulong)i);
        Assert.Equal(16, UnbondingQueue.MaxEntries);
        Assert.Equal(UnbondingQueue.MaxEntries, Queue(state, Addr(1)).Entries.Count);

        Refused(state, TxRejectReason.TooManyUnbondings, () => Apply(executor, state, n => UnstakeTx(Key(1), n, 10), 1, height: 30));
        Assert.Equal((UInt128)(2_000 - 16 * 10), Record(state, Addr(1)).Stake);

        // Withdrawing a matured entry makes room again.
        Apply(executor, state, n => WithdrawTx(Key(1), n), 1, height: 10 + Small.UnbondingPeriodBlocks);
        Assert.Equal(15, Queue(state, Addr(1)).Entries.Count);
        Apply(executor, state, n => UnstakeTx(Key(1), n, 10), 1, height: 61);
        Assert.Equal(16, Queue(state, Addr(1)).Entries.Count);
    }

    // ---- WithdrawUnbonded ---------------------------------------------------------------------------------------------

    [Fact]
    public void Withdraw_before_release_is_NothingToWithdraw_and_at_release_returns_the_amount()
    {
        var state = FundedState();
        var executor = Executor();
        Apply(executor, state, n => StakeTx(Key(1), n, 5_000), 1, height: 1);
        Apply(executor, state, n => UnstakeTx(Key(1), n, 1_000), 1, height: 10); // releases at 60
        Apply(executor, state, n => UnstakeTx(Key(1), n, 500), 1, height: 20);   // releases at 70

        Refused(state, TxRejectReason.NothingToWithdraw, () => Apply(executor, state, n => WithdrawTx(Key(1), n), 1, height: 59));
        Refused(state, TxRejectReason.NothingToWithdraw, () => Apply(executor, state, n => WithdrawTx(Key(2), n), 2, height: 500));

        var balance = state.GetAccount(Addr(1)).Balance;
        Apply(executor, state, n => WithdrawTx(Key(1), n), 1, height: 60);
        Assert.Equal(balance + 1_000 - Fee(WithdrawUnbondedPayload.Gas), state.GetAccount(Addr(1)).Balance);
        Assert.Equal([new UnbondingEntry(500, 70)], Queue(state, Addr(1)).Entries);
        Refused(state, TxRejectReason.NothingToWithdraw, () => Apply(executor, state, n => WithdrawTx(Key(1), n), 1, height: 69));

        balance = state.GetAccount(Addr(1)).Balance;
        Apply(executor, state, n => WithdrawTx(Key(1), n), 1, height: 1_000);
        Assert.Equal(balance + 500 - Fee(WithdrawUnbondedPayload.Gas), state.GetAccount(Addr(1)).Balance);
        // The emptied queue is deleted from the tree, not stored as an empty list.
        Assert.Null(state.GetRecord<UnbondingQueue>(StateKeys.Unbonding(Addr(1))));
        Assert.Equal((UInt128)3_500, Record(state, Addr(1)).Stake);
        Refused(state, TxRejectReason.NothingToWithdraw, () => Apply(executor, state, n => WithdrawTx(Key(1), n), 1, height: 1_001));
    }

    [Fact]
    public void Withdraw_takes_every_matured_entry_at_once()
    {
        var state = FundedState();
        var module = new StakingModule(Small);
        module.Stake(state, StakeTx(Key(1), 0, 10_000), 10_000);
        module.Unstake(state, Addr(1), 100, 1);
        module.Unstake(state, Addr(1), 200, 2);
        module.Unstake(state, Addr(1), 300, 40);
        var balance = state.GetAccount(Addr(1)).Balance;

        module.WithdrawUnbonded(state, Addr(1), 52);
        Assert.Equal(balance + 300, state.GetAccount(Addr(1)).Balance);
        Assert.Equal([new UnbondingEntry(300, 90)], Queue(state, Addr(1)).Entries);
    }

    // ---- Slash ------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(500u)]
    [InlineData(3_333u)]
    [InlineData(1u)]
    [InlineData(9_999u)]
    [InlineData(10_000u)]
    public void Slash_burns_the_fraction_of_bonded_and_unbonding_stake_jails_and_conserves_the_rest(uint bps)
    {
        var parameters = Small with { SlashFractionBasisPoints = bps };
        var module = new StakingModule(parameters);
        var state = FundedState();
        module.Stake(state, StakeTx(Key(1), 0, 1_264_567), 1_264_567);
        module.Unstake(state, Addr(1), 9_999, 5);
        module.Unstake(state, Addr(1), 20_001, 6);
        state.Commit();
        var everyone = new[] { Addr(1) };
        var supply = Supply(state, everyone);
        Assert.Equal((UInt128)1_234_567, Record(state, Addr(1)).Stake);

        var burned = module.Slash(state, Addr(1), Evidence(0x33), 12);

        var expected = Cut(1_234_567, bps) + Cut(9_999, bps) + Cut(20_001, bps);
        Assert.Equal(expected, burned);
        Assert.Equal(new ValidatorRecord(Key(1).PublicKey, 1_234_567 - Cut(1_234_567, bps), true, 12 + parameters.JailBlocks, 1), Record(state, Addr(1)));
        var left = new[] { new UnbondingEntry(9_999 - Cut(9_999, bps), 55), new UnbondingEntry(20_001 - Cut(20_001, bps), 56) }.Where(e => e.Amount > 0);
        Assert.Equal(left, Queue(state, Addr(1)).Entries);
        Assert.Equal(supply - expected, Supply(state, everyone));
        Assert.Equal(new ProcessedEvidence(12), state.GetValueRecord<ProcessedEvidence>(StateKeys.ProcessedEvidence(Evidence(0x33))));

        // The same evidence never slashes twice, even much later, and changes nothing.
        var root = state.Commit();
        Assert.Null(module.Slash(state, Addr(1), Evidence(0x33), 13));
        Assert.Null(module.Slash(state, Addr(1), Evidence(0x33), 10_000));
        Assert.Equal(root, state.Commit());

        // Other evidence does: the second cut is taken from what the first left, and the jail term restarts.
        var stake1 = Record(state, Addr(1)).Stake;
        var unbonding1 = Unbonding(state, Addr(1));
        var expected2 = Queue(state, Addr(1)).Entries.Aggregate(Cut(stake1, bps), (s, e) => s + Cut(e.Amount, bps));
        var burned2 = module.Slash(state, Addr(1), Evidence(0x44), 20);
        Assert.Equal(expected2, burned2);
        Assert.Equal(stake1 - Cut(stake1, bps), Record(state, Addr(1)).Stake);
        Assert.Equal(2u, Record(state, Addr(1)).TimesSlashed);
        Assert.Equal(20 + parameters.JailBlocks, Record(state, Addr(1)).JailedUntil);
        Assert.Equal(expected2, stake1 + unbonding1 - Record(state, Addr(1)).Stake - Unbonding(state, Addr(1)));
        Assert.Equal(supply - expected - expected2, Supply(state, everyone));
    }

    [Fact]
    public void Slash_arithmetic_is_exact_and_cannot_overflow_at_the_top_of_the_range()
    {
        foreach (var bps in new uint[] { 1, 500, 3_333, 9_999, 10_000 })
        {
            foreach (var stake in new[] { UInt128.MaxValue, UInt128.MaxValue - 1, UInt128.MaxValue / 3, (UInt128)ulong.MaxValue * 10_007, (UInt128)10_001, (UInt128)9_999, UInt128.One })
            {
                var state = FundedState(0);
                var module = new StakingModule(Small with { SlashFractionBasisPoints = bps });
                state.SetRecord(StateKeys.Validator(Addr(1)), new ValidatorRecord(Key(1).PublicKey, stake, false, 0, 0));
                var burned = module.Slash(state, Addr(1), Evidence(7), 1);
                Assert.Equal(Cut(stake, bps), burned);
                Assert.Equal(stake - Cut(stake, bps), Record(state, Addr(1)).Stake);
            }
        }
        // Spot checks against hand arithmetic: 5 % of 1,234,567 is 61,728.35 → 61,728; 33.33 % of 9,999 is 3,332.6667 → 3,332.
        Assert.Equal((UInt128)61_728, Cut(1_234_567, 500));
        Assert.Equal((UInt128)3_332, Cut(9_999, 3_333));
    }

    [Fact]
    public void Slashing_an_address_without_stake_returns_null_and_writes_nothing()
    {
        var state = FundedState();
        var module = new StakingModule(Small);
        var root = state.Commit();
        Assert.Null(module.Slash(state, Addr(1), Evidence(9), 5));
        Assert.Equal(root, state.Commit());
    }

    [Fact]
    public void A_full_slash_leaves_no_empty_unbonding_entries_that_could_block_unstaking_forever()
    {
        // With slashFractionBasisPoints = 10,000 every unbonding entry is burned to zero. Zero entries can never be
        // withdrawn (nothing matures), so if they stayed they would fill the 16-entry queue for good.
        var module = new StakingModule(Small with { SlashFractionBasisPoints = 10_000 });
        var state = FundedState();
        module.Stake(state, StakeTx(Key(1), 0, 2_000), 2_000);
        for (var i = 0; i < UnbondingQueue.MaxEntries; i++) module.Unstake(state, Addr(1), 10, (ulong)i);

        Assert.Equal((UInt128)2_000, module.Slash(state, Addr(1), Evidence(1), 20));
        Assert.Empty(Queue(state, Addr(1)).Entries);
        Assert.Equal(UInt128.Zero, Record(state, Addr(1)).Stake);

        // The operator can bond, unbond and withdraw again.
        module.Stake(state, StakeTx(Key(1), 0, 1_000), 1_000);
        module.Unstake(state, Addr(1), 1_000, 40);
        var balance = state.GetAccount(Addr(1)).Balance;
        module.WithdrawUnbonded(state, Addr(1), 90);
        Assert.Equal(balance + 1_000, state.GetAccount(Addr(1)).Balance);
    }

    // ---- Unjail -----------------------------------------------------------------------------------------------------

    [Fact]
    public void Unjail_refuses_the_unjailed_the_early_and_the_understaked()
    {
        var state = FundedState();
        var executor = Executor();
        Apply(executor, state, n => StakeTx(Key(1), n, 1_000), 1);
        Apply(executor, state, n => StakeTx(Key(2), n, 5_000), 2);

        Refused(state, TxRejectReason.NotJailed, () => Apply(executor, state, n => UnjailTx(Key(1), n), 1, height: 3));
        Refused(state, TxRejectReason.NotAValidator, () => Apply(executor, state, n => UnjailTx(Key(3), n), 3, height: 3));

        executor.Staking.Slash(state, Addr(1), Evidence(1), 20);
        executor.Staking.Slash(state, Addr(2), Evidence(2), 20);
        Assert.Equal(30UL, Record(state, Addr(1)).JailedUntil);

        Refused(state, TxRejectReason.StillJailed, () => Apply(executor, state, n => UnjailTx(Key(2), n), 2, height: 29));

        // Key 2 kept enough stake: at the jail's end it walks out, its history intact.
        Apply(executor, state, n => UnjailTx(Key(2), n), 2, height: 30);
        Assert.Equal(new ValidatorRecord(Key(2).PublicKey, 4_750, false, 30, 1), Record(state, Addr(2)));

        // Key 1 was slashed below the minimum (1,000 → 950): it must top up first, which a jailed operator may do.
        Refused(state, TxRejectReason.StakeBelowMinimum, () => Apply(executor, state, n => UnjailTx(Key(1), n), 1, height: 31));
        Apply(executor, state, n => StakeTx(Key(1), n, 50), 1, height: 32);
        Assert.True(Record(state, Addr(1)).Jailed);
        Apply(executor, state, n => UnjailTx(Key(1), n), 1, height: 33);
        Assert.False(Record(state, Addr(1)).Jailed);
        Assert.Equal((UInt128)1_000, Record(state, Addr(1)).Stake);
    }

    // ---- Validator set ----------------------------------------------------------------------------------------------

    [Fact]
    public void ComputeValidatorSet_takes_unjailed_operators_above_the_minimum_by_power_up_to_the_cap()
    {
        var state = FundedState(0);
        var module = new StakingModule(Small with { MaxValidators = 3 });
        Assert.Null(module.ComputeValidatorSet(state));

        Bond(state, 1, 5_099);               // power 50 (floor)
        Bond(state, 2, 999);                 // below the minimum
        Bond(state, 3, 90_000, jailed: true);
        Bond(state, 4, 2_000);               // power 20
        Bond(state, 5, 1_000);               // power 10
        Bond(state, 6, 3_000);               // power 30

        var set = module.ComputeValidatorSet(state)!;
        Assert.Equal(new Dictionary<Address, ulong> { [Addr(1)] = 50, [Addr(6)] = 30, [Addr(4)] = 20 }, set.Validators.ToDictionary(v => v.Address, v => v.Power));
        Assert.Equal(Key(1).PublicKey, set.Find(Addr(1))!.PublicKey);
        Assert.Equal(100UL, set.TotalPower);

        // A larger cap admits the next by power, never the jailed or the understaked.
        var all = new StakingModule(Small with { MaxValidators = 10 }).ComputeValidatorSet(state)!;
        Assert.Equal(new[] { 1, 4, 5, 6 }.Select(Addr).OrderBy(a => a), all.Validators.Select(v => v.Address));
    }

    [Fact]
    public void Equal_power_at_the_cap_goes_to_the_lower_address()
    {
        var state = FundedState(0);
        var module = new StakingModule(Small with { MaxValidators = 2 });
        Bond(state, 1, 9_000);
        Bond(state, 2, 2_000);
        Bond(state, 3, 2_050); // same power as key 2 (20)
        var lower = Addr(2).CompareTo(Addr(3)) < 0 ? Addr(2) : Addr(3);
        var set = module.ComputeValidatorSet(state)!;
        Assert.Equal(new[] { Addr(1), lower }.OrderBy(a => a), set.Validators.Select(v => v.Address));
    }

    [Fact]
    public void Nobody_qualifying_gives_null()
    {
        var state = FundedState(0);
        var module = new StakingModule(Small);
        Bond(state, 1, 90_000, jailed: true);
        Bond(state, 2, 999);
        Bond(state, 3, 0);
        Assert.Null(module.ComputeValidatorSet(state));
    }

    [Fact]
    public void InitializeGenesis_bonds_power_times_the_power_unit_and_installs_the_set()
    {
        var state = FundedState(0);
        var module = new StakingModule(Small);
        var genesis = new ValidatorSet([new Validator(Key(0).PublicKey, 10), new Validator(Key(7).PublicKey, 3)]);
        module.InitializeGenesis(state, genesis);
        Assert.Equal(new ValidatorRecord(Key(0).PublicKey, 1_000, false, 0, 0), Record(state, Addr(0)));
        Assert.Equal(new ValidatorRecord(Key(7).PublicKey, 300, false, 0, 0), Record(state, Addr(7)));
        Assert.Equal(genesis.Hash, StakingModule.GetActiveSet(state)!.Hash);
        Assert.Equal(new[] { Addr(0), Addr(7) }.OrderBy(a => a), state.GetRecord<ValidatorRegistry>(StateKeys.ValidatorRegistry)!.Operators);
    }

    [Fact]
    public void EndBlock_moves_the_set_only_at_epoch_boundaries_or_after_a_jailing_and_never_to_nobody()
    {
        var state = FundedState();
        var module = new StakingModule(Small);
        var genesis = new ValidatorSet([new Validator(Key(0).PublicKey, 10)]);
        module.InitializeGenesis(state, genesis);
        state.Commit();
        module.Stake(state, StakeTx(Key(1), 0, 5_000), 5_000);

        for (ulong h = 1; h < Small.EpochLengthBlocks; h++)
        {
            module.EndBlock(state, h, someoneJailed: false);
            Assert.Equal(genesis.Hash, StakingModule.GetActiveSet(state)!.Hash);
        }
        module.EndBlock(state, 5, someoneJailed: false);
        var both = StakingModule.GetActiveSet(state)!;
        Assert.Equal(new Dictionary<Address, ulong> { [Addr(0)] = 10, [Addr(1)] = 50 }, both.Validators.ToDictionary(v => v.Address, v => v.Power));

        // An unchanged stake at the next boundary rewrites nothing: the root stays put.
        var root = state.Commit();
        module.EndBlock(state, 10, someoneJailed: false);
        Assert.Equal(root, state.Commit());

        // A jailing takes effect at the end of its own block, off-epoch.
        Assert.NotNull(module.Slash(state, Addr(1), Evidence(1), 12));
        module.EndBlock(state, 12, someoneJailed: false);
        Assert.Equal(both.Hash, StakingModule.GetActiveSet(state)!.Hash);
        module.EndBlock(state, 12, someoneJailed: true);
        Assert.Equal(genesis.Hash, StakingModule.GetActiveSet(state)!.Hash);

        // Everyone jailed: the chain keeps its last set instead of halting with none.
        Assert.NotNull(module.Slash(state, Addr(0), Evidence(2), 13));
        module.EndBlock(state, 13, someoneJailed: true);
        module.EndBlock(state, 15, someoneJailed: false);
        Assert.Equal(genesis.Hash, StakingModule.GetActiveSet(state)!.Hash);
    }
}
