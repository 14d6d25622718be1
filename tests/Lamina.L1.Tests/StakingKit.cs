using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L1.Execution;
using Lamina.L1.Staking;
using Lamina.L1.State;
using Lamina.L1.Transactions;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests;

/// <summary>Small staking parameters, funded states and staking transactions shared by the Staking* tests.</summary>
internal static class StakingKit
{
    public static readonly UInt128 Funds = UInt128.Parse("1000000000000000000000");

    /// <summary>Min stake 1,000, power unit 100, unbonding 50 blocks, epoch 5, 5 % slash, jail 10, evidence age 20, at most 3 validators.</summary>
    public static readonly StakingParameters Small = new(
        MinSelfStake: 1_000,
        PowerUnit: 100,
        UnbondingPeriodBlocks: 50,
        EpochLengthBlocks: 5,
        SlashFractionBasisPoints: 500,
        JailBlocks: 10,
        EvidenceMaxAgeBlocks: 20,
        MaxValidators: 3);

    public const ulong MaxFee = 2_000;
    public const ulong Tip = 10;

    /// <summary>What a staking transaction of <paramref name="gas"/> costs its sender at base fee 1,000 with tip 10.</summary>
    public static UInt128 Fee(ulong gas) => (UInt128)gas * (TestKit.BaseFee + Tip);

    /// <summary>A committed state where keys 1..<paramref name="funded"/> hold <see cref="Funds"/> each.</summary>
    public static WorldState FundedState(int funded = 8)
    {
        var state = new WorldState(new InMemorySmtNodeStore(), SparseMerkleTree.EmptyRoot);
        for (var i = 1; i <= funded; i++) state.SetAccount(Addr(i), new Account(Funds, 0));
        state.Commit();
        return state;
    }

    public static BlockExecutor Executor(StakingParameters? staking = null) => new(ChainId, Parameters(), staking ?? Small);

    public static Transaction StakeTx(SigningKey key, ulong nonce, UInt128 amount, string chainId = ChainId)
        => Transaction.Create(key, chainId, nonce, MaxFee, Tip, StakePayload.Gas, new StakePayload(amount));

    public static Transaction UnstakeTx(SigningKey key, ulong nonce, UInt128 amount)
        => Transaction.Create(key, ChainId, nonce, MaxFee, Tip, UnstakePayload.Gas, new UnstakePayload(amount));

    public static Transaction UnjailTx(SigningKey key, ulong nonce)
        => Transaction.Create(key, ChainId, nonce, MaxFee, Tip, UnjailPayload.Gas, new UnjailPayload());

    public static Transaction WithdrawTx(SigningKey key, ulong nonce)
        => Transaction.Create(key, ChainId, nonce, MaxFee, Tip, WithdrawUnbondedPayload.Gas, new WithdrawUnbondedPayload());

    /// <summary>Applies through the executor at <paramref name="height"/> with the validator as proposer, using the sender's current nonce.</summary>
    public static Receipt Apply(BlockExecutor executor, WorldState state, Func<ulong, Transaction> build, int sender, ulong height = 1)
        => executor.Apply(state, build(state.GetAccount(Addr(sender)).Nonce), height, 0, TestKit.BaseFee, ValidatorKey.Address);

    /// <summary>Runs <paramref name="action"/>, expects a rejection with <paramref name="reason"/>, and checks nothing was written.</summary>
    public static TransactionRejectedException Refused(WorldState state, TxRejectReason reason, Action action)
    {
        var before = state.Commit();
        var e = Assert.Throws<TransactionRejectedException>(action);
        Assert.Equal(reason, e.Reason);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        Assert.Equal(before, state.Commit());
        return e;
    }

    public static UnbondingQueue Queue(WorldState state, Address address) => state.GetRecord<UnbondingQueue>(StateKeys.Unbonding(address)) ?? UnbondingQueue.Empty;

    public static ValidatorRecord Record(WorldState state, Address address) => StakingModule.GetValidator(state, address) ?? throw new Xunit.Sdk.XunitException($"{address} has no validator record");

    public static UInt128 Unbonding(WorldState state, Address address) => Queue(state, address).Entries.Aggregate(UInt128.Zero, (s, e) => s + e.Amount);

    /// <summary>Balances + bonded stake + unbonding stake over <paramref name="addresses"/>: everything that is still money.</summary>
    public static UInt128 Supply(WorldState state, IEnumerable<Address> addresses)
    {
        var total = UInt128.Zero;
        foreach (var a in addresses.Distinct())
        {
            total += state.GetAccount(a).Balance;
            total += StakingModule.GetValidator(state, a)?.Stake ?? UInt128.Zero;
            total += Unbonding(state, a);
        }
        return total;
    }

    /// <summary>A bare operator record written straight into state (and the registry), for set-selection tests.</summary>
    public static void Bond(WorldState state, int key, UInt128 stake, bool jailed = false)
    {
        state.SetRecord(StateKeys.Validator(Addr(key)), new ValidatorRecord(Key(key).PublicKey, stake, jailed, jailed ? 1_000UL : 0, 0));
        var registry = state.GetRecord<ValidatorRegistry>(StateKeys.ValidatorRegistry) ?? ValidatorRegistry.Empty;
        state.SetRecord(StateKeys.ValidatorRegistry, registry.With(Addr(key)));
    }
}
