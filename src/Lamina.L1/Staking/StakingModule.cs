using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Consensus;
using Lamina.Core;
using Lamina.L1.Blocks;
using Lamina.L1.Genesis;
using Lamina.L1.Modules;
using Lamina.L1.State;
using Lamina.L1.Transactions;

namespace Lamina.L1.Staking;

/// <summary>
/// Staking, unbonding, jailing and slashing as pure functions over <see cref="WorldState"/>. Every amount moves with
/// checked arithmetic; every refusal is a <see cref="TransactionRejectedException"/> with a reason, raised before
/// any write so a refused transaction leaves the state as it was. As an <see cref="L1Module"/> it executes the
/// staking kinds, punishes the block's evidence at begin-block and rebuilds the active set at end-block.
/// </summary>
public sealed class StakingModule(StakingParameters parameters) : L1Module
{
    public static IReadOnlyList<TxKindFormat> Formats => StakingFormats.All;

    public StakingParameters Parameters { get; } = parameters;
    public override string Name => "staking";
    public override IReadOnlyList<TxKindFormat> TxKinds => Formats;

    public override void InitGenesis(WorldState state, GenesisConfig genesis) => InitializeGenesis(state, genesis.Validators);

    public override void Apply(WorldState state, Transaction tx, in BlockContext block)
    {
        switch (tx.Payload)
        {
            case StakePayload stake: Stake(state, tx, stake.Amount); break;
            case UnstakePayload unstake: Unstake(state, tx.From, unstake.Amount, block.Height); break;
            case UnjailPayload: Unjail(state, tx.From, block.Height); break;
            case WithdrawUnbondedPayload: WithdrawUnbonded(state, tx.From, block.Height); break;
            default: throw Reject(TxRejectReason.Malformed, $"the staking module does not execute kind {(byte)tx.Payload.Kind}");
        }
    }

    /// <summary>Slashes and jails every offender of the block's (already verified) evidence.</summary>
    public override void BeginBlock(WorldState state, in BlockContext block)
    {
        foreach (var e in block.Evidence)
        {
            if (Slash(state, e.Validator, e.Hash, block.Height) is null)
            {
                throw new InvalidBlockException(BlockError.BadEvidence, $"evidence against {e.Validator} punishes nothing (no stake or already processed)");
            }
        }
    }

    /// <summary>Every piece of evidence jailed someone (begin-block refuses any that does not), so any evidence means a set change now.</summary>
    public override void EndBlock(WorldState state, in BlockContext block) => EndBlock(state, block.Height, block.Evidence.Count > 0);

    public override JsonObject? ViewRecords(WorldState state, Address owner)
    {
        if (GetValidator(state, owner) is not { } record) return null;
        var unbonding = new JsonArray();
        foreach (var e in state.GetRecord<UnbondingQueue>(StateKeys.Unbonding(owner))?.Entries ?? [])
        {
            unbonding.Add(new JsonObject { ["amount"] = e.Amount.ToString(CultureInfo.InvariantCulture), ["releaseHeight"] = e.ReleaseHeight });
        }
        return new JsonObject
        {
            ["consensusKey"] = record.ConsensusKey.ToString(),
            ["stake"] = record.Stake.ToString(CultureInfo.InvariantCulture),
            ["jailed"] = record.Jailed,
            ["jailedUntil"] = record.JailedUntil,
            ["timesSlashed"] = record.TimesSlashed,
            ["unbonding"] = unbonding,
        };
    }

    public static ValidatorRecord? GetValidator(WorldState state, Address address) => state.GetValueRecord<ValidatorRecord>(StateKeys.Validator(address));

    public static ValidatorSet? GetActiveSet(WorldState state) => state.GetRecord<ValidatorSet>(StateKeys.ActiveValidatorSet);

    /// <summary>Whether this double-sign evidence was already punished (it can slash only once).</summary>
    public static bool WasPunished(WorldState state, Hash256 evidenceHash) => state.GetValueRecord<ProcessedEvidence>(StateKeys.ProcessedEvidence(evidenceHash)) is not null;

    /// <summary>Records genesis validators as bonded stake and installs the first active set.</summary>
    public void InitializeGenesis(WorldState state, ValidatorSet validators)
    {
        var registry = ValidatorRegistry.Empty;
        foreach (var v in validators.Validators)
        {
            var stake = checked((UInt128)v.Power * Parameters.PowerUnit);
            state.SetRecord(StateKeys.Validator(v.Address), new ValidatorRecord(v.PublicKey, stake, false, 0, 0));
            registry = registry.With(v.Address);
        }
        state.SetRecord(StateKeys.ValidatorRegistry, registry);
        state.SetRecord(StateKeys.ActiveValidatorSet, validators);
    }

    public void Stake(WorldState state, Transaction tx, UInt128 amount)
    {
        if (amount == UInt128.Zero) throw Reject(TxRejectReason.StakeBelowMinimum, "stake amount must be positive");
        var existing = GetValidator(state, tx.From);
        if (existing is { } e && e.ConsensusKey != tx.Sender) throw Reject(TxRejectReason.NotAValidator, "this operator's consensus key differs from the sender key");
        var newStake = checked((existing?.Stake ?? UInt128.Zero) + amount);
        if (newStake < Parameters.MinSelfStake) throw Reject(TxRejectReason.StakeBelowMinimum, $"a validator needs at least {Parameters.MinSelfStake} staked; this would leave {newStake}");
        var account = state.GetAccount(tx.From);
        if (account.Balance < amount) throw Reject(TxRejectReason.InsufficientBalance, $"balance {account.Balance} cannot cover a stake of {amount}");
        var registry = state.GetRecord<ValidatorRegistry>(StateKeys.ValidatorRegistry) ?? ValidatorRegistry.Empty;

        state.SetAccount(tx.From, account with { Balance = account.Balance - amount });
        state.SetRecord(StateKeys.Validator(tx.From), (existing ?? new ValidatorRecord(tx.Sender, 0, false, 0, 0)) with { Stake = newStake });
        state.SetRecord(StateKeys.ValidatorRegistry, registry.With(tx.From));
    }

    public void Unstake(WorldState state, Address operatorAddress, UInt128 amount, ulong height)
    {
        var record = GetValidator(state, operatorAddress) ?? throw Reject(TxRejectReason.NotAValidator, $"{operatorAddress} has no stake");
        if (amount == UInt128.Zero || amount > record.Stake) throw Reject(TxRejectReason.InsufficientStake, $"cannot unstake {amount}; {record.Stake} is bonded");
        var remaining = record.Stake - amount;
        if (remaining != UInt128.Zero && remaining < Parameters.MinSelfStake)
        {
            throw Reject(TxRejectReason.StakeBelowMinimum, $"unstaking {amount} would leave {remaining}, below the minimum {Parameters.MinSelfStake}; unstake everything or less");
        }
        var queue = state.GetRecord<UnbondingQueue>(StateKeys.Unbonding(operatorAddress)) ?? UnbondingQueue.Empty;
        if (queue.Entries.Count >= UnbondingQueue.MaxEntries) throw Reject(TxRejectReason.TooManyUnbondings, $"at most {UnbondingQueue.MaxEntries} unbondings may be pending; withdraw matured ones first");

        var entries = queue.Entries.ToList();
        entries.Add(new UnbondingEntry(amount, checked(height + Parameters.UnbondingPeriodBlocks)));
        state.SetRecord(StateKeys.Unbonding(operatorAddress), new UnbondingQueue(entries));
        state.SetRecord(StateKeys.Validator(operatorAddress), record with { Stake = remaining });
    }

    public void Unjail(WorldState state, Address operatorAddress, ulong height)
    {
        var record = GetValidator(state, operatorAddress) ?? throw Reject(TxRejectReason.NotAValidator, $"{operatorAddress} has no stake");
        if (!record.Jailed) throw Reject(TxRejectReason.NotJailed, "this validator is not jailed");
        if (height < record.JailedUntil) throw Reject(TxRejectReason.StillJailed, $"jailed until height {record.JailedUntil}; it is {height}");
        if (record.Stake < Parameters.MinSelfStake) throw Reject(TxRejectReason.StakeBelowMinimum, $"stake {record.Stake} is below the minimum {Parameters.MinSelfStake}; stake more first");
        state.SetRecord(StateKeys.Validator(operatorAddress), record with { Jailed = false });
    }

    public void WithdrawUnbonded(WorldState state, Address operatorAddress, ulong height)
    {
        var queue = state.GetRecord<UnbondingQueue>(StateKeys.Unbonding(operatorAddress)) ?? UnbondingQueue.Empty;
        UInt128 matured = 0;
        var keep = new List<UnbondingEntry>();
        foreach (var entry in queue.Entries)
        {
            if (entry.ReleaseHeight <= height) matured = checked(matured + entry.Amount);
            else keep.Add(entry);
        }
        if (matured == UInt128.Zero) throw Reject(TxRejectReason.NothingToWithdraw, "no unbonding entry has matured yet");
        var account = state.GetAccount(operatorAddress);
        state.SetAccount(operatorAddress, account with { Balance = checked(account.Balance + matured) });
        state.SetRecord(StateKeys.Unbonding(operatorAddress), keep.Count == 0 ? null : new UnbondingQueue(keep));
    }

    /// <summary>
    /// Punishes a proven double-sign: burns the slash fraction of bonded and unbonding stake and jails the
    /// validator. Returns the amount burned, or null when this evidence was already processed.
    /// </summary>
    public UInt128? Slash(WorldState state, Address operatorAddress, Hash256 evidenceHash, ulong height)
    {
        var processedKey = StateKeys.ProcessedEvidence(evidenceHash);
        if (state.GetValueRecord<ProcessedEvidence>(processedKey) is not null) return null;
        var record = GetValidator(state, operatorAddress);
        if (record is null) return null;
        var r = record.Value;
        var burned = Fraction(r.Stake);
        var queue = state.GetRecord<UnbondingQueue>(StateKeys.Unbonding(operatorAddress));
        if (queue is not null)
        {
            var slashedEntries = new List<UnbondingEntry>(queue.Entries.Count);
            foreach (var entry in queue.Entries)
            {
                var cut = Fraction(entry.Amount);
                burned = checked(burned + cut);
                // A 100 % slash burns an entry to zero; keeping it would hold a queue slot that no withdrawal frees.
                if (entry.Amount != cut) slashedEntries.Add(entry with { Amount = entry.Amount - cut });
            }
            state.SetRecord(StateKeys.Unbonding(operatorAddress), slashedEntries.Count == 0 ? null : new UnbondingQueue(slashedEntries));
        }
        state.SetRecord(StateKeys.Validator(operatorAddress), r with
        {
            Stake = r.Stake - Fraction(r.Stake),
            Jailed = true,
            JailedUntil = checked(height + Parameters.JailBlocks),
            TimesSlashed = checked(r.TimesSlashed + 1),
        });
        state.SetRecord(processedKey, new ProcessedEvidence(height));
        return burned;
    }

    private UInt128 Fraction(UInt128 amount) => amount / 10_000 * Parameters.SlashFractionBasisPoints + amount % 10_000 * Parameters.SlashFractionBasisPoints / 10_000;

    /// <summary>
    /// The set the stake now calls for: unjailed operators with at least the minimum stake, by power (ties by
    /// address), at most <see cref="StakingParameters.MaxValidators"/>. Null when nobody qualifies — the chain then
    /// keeps its current set rather than halting with none.
    /// </summary>
    public ValidatorSet? ComputeValidatorSet(WorldState state)
    {
        var registry = state.GetRecord<ValidatorRegistry>(StateKeys.ValidatorRegistry) ?? ValidatorRegistry.Empty;
        var candidates = new List<Validator>();
        foreach (var address in registry.Operators)
        {
            if (GetValidator(state, address) is not { } r || r.Jailed || r.Stake < Parameters.MinSelfStake) continue;
            var power = Parameters.PowerOf(r.Stake);
            if (power > 0) candidates.Add(new Validator(r.ConsensusKey, power));
        }
        if (candidates.Count == 0) return null;
        candidates.Sort((a, b) => b.Power != a.Power ? b.Power.CompareTo(a.Power) : a.Address.CompareTo(b.Address));
        if (candidates.Count > Parameters.MaxValidators) candidates.RemoveRange(Parameters.MaxValidators, candidates.Count - Parameters.MaxValidators);
        return new ValidatorSet(candidates);
    }

    /// <summary>
    /// End of block: at an epoch boundary, or when someone was jailed in this block, the active set is rebuilt
    /// from stake. A jailed validator leaves at once rather than at the next epoch, so it never signs again.
    /// </summary>
    public void EndBlock(WorldState state, ulong height, bool someoneJailed)
    {
        if (height % Parameters.EpochLengthBlocks != 0 && !someoneJailed) return;
        var next = ComputeValidatorSet(state);
        if (next is null) return;
        var current = GetActiveSet(state);
        if (current is null || current.Hash != next.Hash) state.SetRecord(StateKeys.ActiveValidatorSet, next);
    }

    private static TransactionRejectedException Reject(TxRejectReason reason, string message) => new(reason, message);
}
