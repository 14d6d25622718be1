using Lamina.L1.Bank;
using Lamina.L1.Blobs;
using Lamina.L1.Genesis;
using Lamina.L1.Rollups;
using Lamina.L1.Staking;
using Lamina.L1.Transactions;
using Lamina.L1.ZkRollups;

namespace Lamina.L1.Modules;

/// <summary>
/// The modules one chain runs, in hook order, and which module executes each kind byte. Immutable; every node of a
/// chain must run the same registry (the state root depends on it). Building one registers its modules' formats
/// in <see cref="TxFormats"/>, so their transactions decode.
/// </summary>
public sealed class L1ModuleRegistry
{
    private readonly L1Module?[] _byKind = new L1Module?[256];

    public L1ModuleRegistry(IEnumerable<L1Module> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        var list = new List<L1Module>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var module in modules)
        {
            if (!names.Add(module.Name)) throw new ArgumentException($"two modules are named '{module.Name}'", nameof(modules));
            foreach (var format in module.TxKinds)
            {
                var kind = (byte)format.Kind;
                if (_byKind[kind] is { } owner) throw new ArgumentException($"transaction kind {kind} is claimed by both '{owner.Name}' and '{module.Name}'", nameof(modules));
                _byKind[kind] = module;
            }
            if (module is StakingModule staking)
            {
                if (Staking is not null) throw new ArgumentException("a chain has one staking module", nameof(modules));
                Staking = staking;
            }
            list.Add(module);
        }
        if (Staking is null) throw new ArgumentException("a chain needs a staking module: it supplies the validator set", nameof(modules));
        foreach (var module in list)
        {
            foreach (var format in module.TxKinds) TxFormats.Register(format);
        }
        Modules = list;
    }

    /// <summary>Every module, in the order their hooks run.</summary>
    public IReadOnlyList<L1Module> Modules { get; }

    /// <summary>The module that supplies the validator set and punishes evidence.</summary>
    public StakingModule Staking { get; }

    /// <summary>
    /// L1's own modules: balances and transfers, then staking, then data-availability blobs when the chain's
    /// <paramref name="blobs"/> parameters are given (off by default, so existing chains keep their registry).
    /// </summary>
    public static L1ModuleRegistry Standard(StakingParameters staking, BlobParameters? blobs = null)
        => blobs is null ? new([new BankModule(), new StakingModule(staking)]) : new([new BankModule(), new StakingModule(staking), new BlobModule(blobs)]);

    /// <summary>
    /// The L1 modules a genesis turns on: <see cref="Standard"/> with the genesis's blob parameters, then the rollups
    /// module when the genesis has a "rollups" section (after blobs: it records the data root blobs compute; its games derive lists
    /// on L1 when the genesis says "derivedRollupLists"), then
    /// the ZK rollups module whenever blobs are on (a batch carries its pubdata as a blob; until a ZK rollup is
    /// registered it writes nothing, so the state root of a chain without ZK rollups is unchanged).
    /// <paramref name="time"/> is the ZK module's clock for node-local diagnostics and its admission throttle (system by default).
    /// </summary>
    public static L1ModuleRegistry ForGenesis(GenesisConfig genesis, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        var registry = Standard(genesis.Staking, genesis.Blobs);
        if (genesis.Rollups is not null) registry = registry.With(new RollupsModule(registry.Find<BlobModule>(), genesis.Blobs?.RetentionBlocks ?? Blobs.BlobParameters.DefaultRetentionBlocks, genesis.DerivedRollupLists));
        return registry.Find<BlobModule>() is { } blobs ? registry.With(new ZkRollupsModule(blobs, time)) : registry;
    }

    /// <summary>This registry with <paramref name="module"/> appended (its hooks run after the others').</summary>
    public L1ModuleRegistry With(L1Module module) => new([.. Modules, module]);

    /// <summary>The module that executes <paramref name="kind"/> on this chain, or null when none does.</summary>
    public L1Module? ModuleFor(TxKind kind) => _byKind[(byte)kind];

    /// <summary>The module of type <typeparamref name="T"/>, or null.</summary>
    public T? Find<T>() where T : L1Module
    {
        foreach (var module in Modules)
        {
            if (module is T typed) return typed;
        }
        return null;
    }
}
