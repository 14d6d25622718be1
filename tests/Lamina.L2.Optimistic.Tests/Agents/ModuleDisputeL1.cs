using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L1.Blobs;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.L1.Modules;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.State;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic.Agents;

namespace Lamina.L2.Optimistic.Tests.Agents;

/// <summary>
/// L1 in memory with the real rollups module: one state, the real <see cref="BlockExecutor"/> with the genesis
/// registry (the rollup registered at genesis), every transaction a block of its own one second after the last, as a
/// proposer builds it (a transaction the module refuses is left out). A player's send is first checked by the module's
/// mempool admission (<see cref="DisputeSendFailure.Refused"/> with the module's typed reason), then put in a block
/// (<see cref="DisputeSendFailure.Dropped"/> when the block leaves it out), so an agent hears what a node would tell it.
/// </summary>
internal sealed class ModuleDisputeL1
{
    public const string ChainId = "lamina-module-test";
    public const ulong GenesisTimeMs = 1_700_000_000_000;
    private const ulong BaseFee = 1_000;
    private static readonly SigningKey Validator = SigningKey.FromSeed([.. Enumerable.Repeat((byte)0x77, 32)]);

    private readonly BlockExecutor _executor;
    private readonly L1ModuleRegistry _modules;

    /// <param name="derivedLists">The genesis switch <c>derivedRollupLists</c>: games derive disputed lists on L1 from the batch blobs.</param>
    /// <param name="genesisTimeMs">L1's time at height 0 (a test that replays another L1's blocks gives that L1's clock).</param>
    public ModuleDisputeL1(RollupConfig rollup, IEnumerable<Address> funded, bool derivedLists = false, ulong genesisTimeMs = GenesisTimeMs)
    {
        Rollup = rollup;
        TimeMs = genesisTimeMs;
        var balances = funded.Select(a => (a, UInt128.Parse("1000000000000000000000"))).OrderBy(b => b.a).ToList();
        var genesis = new GenesisConfig(ChainId, genesisTimeMs, new ChainParameters(30_000_000, 4 * 1024 * 1024, BaseFee, 1),
            new Lamina.Consensus.ValidatorSet([new Lamina.Consensus.Validator(Validator.PublicKey, 10)]), balances, ["v0"], null, BlobParameters.Default, [rollup],
            derivedRollupLists: derivedLists);
        _modules = L1ModuleRegistry.ForGenesis(genesis);
        _executor = new BlockExecutor(ChainId, genesis.Parameters, _modules);
        State = new WorldState(new InMemorySmtNodeStore(), SparseMerkleTree.EmptyRoot);
        _executor.InitGenesis(State, genesis);
        State.Commit();
    }

    public RollupConfig Rollup { get; }
    public WorldState State { get; }
    public ulong Height { get; private set; }
    public ulong TimeMs { get; private set; }

    /// <summary>Every transaction the module refused, at admission or in its block, with its sender and reason.</summary>
    public List<(Address Sender, TxPayload Payload, string Reason)> Refusals { get; } = [];

    public UInt128 Balance(Address address) => State.GetAccount(address).Balance;

    public RollupOutputRecord Output(ulong index) => RollupLedger.FindOutput(State, Rollup.Id, index)!;

    public DisputeGameRecord? Game(ulong index) => DisputeLedger.Find(State, Rollup.Id, index);

    public IDisputeL1 For(SigningKey key) => new View(this, key);

    /// <summary>Lets L1 time pass without transactions (an empty block <paramref name="ms"/> after the last).</summary>
    public void Wait(ulong ms) => Run(ms, []);

    /// <summary>Admission, then a block of its own; returns the module's refusal, or null when it landed.</summary>
    public string? Submit(SigningKey key, TxPayload payload)
    {
        var tx = new RollupTxBuilder(key, ChainId, State.GetAccount(key.Address).Nonce, 10 * BaseFee, 2).Sign(payload);
        try
        {
            _modules.ModuleFor(tx.Payload.Kind)?.CheckAdmission(State, tx);
        }
        catch (TransactionRejectedException e)
        {
            Refusals.Add((key.Address, payload, "admission: " + e.Message));
            return e.Message;
        }
        Transaction? dropped = null;
        Run(1_000, [tx], t => dropped = t);
        if (dropped is null) return null;
        Refusals.Add((key.Address, payload, "left out of its block"));
        return "left out of its block";
    }

    /// <summary>
    /// One block at L1 time <paramref name="timeMs"/> holding every transaction given (a sender's in order, on
    /// consecutive nonces), all of which must apply (blob transactions, deposits, batch references as a poster posts
    /// them); returns the block's execution (its data root names the blobs).
    /// </summary>
    public BlockExecution Post(ulong timeMs, IReadOnlyList<(SigningKey Key, TxPayload Payload)> txs)
    {
        var nonces = new Dictionary<Address, ulong>();
        var signed = new List<Transaction>();
        foreach (var (key, payload) in txs)
        {
            var nonce = nonces.TryGetValue(key.Address, out var next) ? next : State.GetAccount(key.Address).Nonce;
            nonces[key.Address] = nonce + 1;
            signed.Add(new RollupTxBuilder(key, ChainId, nonce, 10 * BaseFee, 2).Sign(payload));
        }
        var left = new List<Transaction>();
        var run = Run(timeMs - TimeMs, signed, left.Add);
        if (left.Count > 0) throw new InvalidOperationException($"{left.Count} of the block's {signed.Count} transactions did not apply");
        return run;
    }

    private BlockExecution Run(ulong advanceMs, IReadOnlyList<Transaction> txs, Action<Transaction>? dropped = null)
    {
        var context = new BlockContext(ChainId, Height + 1, TimeMs + advanceMs, Validator.Address, BaseFee, []);
        var run = _executor.Run(State, context, txs, ExecutionMode.Build, dropped);
        State.Commit();
        (Height, TimeMs) = (context.Height, context.TimeMs);
        return run;
    }

    private sealed class View(ModuleDisputeL1 l1, SigningKey key) : IDisputeL1
    {
        public Task<ulong> HeadTimeMsAsync(CancellationToken cancellationToken) => Task.FromResult(l1.TimeMs);

        public Task<IReadOnlyList<RollupOutputRecord>> OutputsAsync(CancellationToken cancellationToken)
        {
            var next = RollupLedger.Find(l1.State, l1.Rollup.Id)!.NextOutput;
            return Task.FromResult<IReadOnlyList<RollupOutputRecord>>([.. Enumerable.Range(0, (int)next).Select(i => l1.Output((ulong)i))]);
        }

        public Task<DisputeGameRecord?> GameAsync(ulong outputIndex, CancellationToken cancellationToken) => Task.FromResult(l1.Game(outputIndex));

        public Task<IRollupL1Records> RecordsAsync(IReadOnlyCollection<ulong> origins, CancellationToken cancellationToken) =>
            Task.FromResult<IRollupL1Records>(new StateRollupRecords(l1.State, l1.Rollup.Id));

        public Task SendAsync(TxPayload payload, CancellationToken cancellationToken)
        {
            var refusal = l1.Submit(key, payload);
            if (refusal is null) return Task.CompletedTask;
            var failure = refusal.StartsWith("left out", StringComparison.Ordinal) ? DisputeSendFailure.Dropped : DisputeSendFailure.Refused;
            return Task.FromException(new DisputeSendException(failure, null, refusal));
        }
    }
}
