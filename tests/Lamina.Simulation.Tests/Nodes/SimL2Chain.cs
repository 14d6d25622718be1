using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.Sequencing;
using L2Rollup = Lamina.L2.Optimistic.Derivation.RollupConfig;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// The optimistic rollup's true L2 chain in a dispute run, executed by the real <see cref="L2BlockExecutor"/> from the
/// rollup's genesis once the sequencer's four L1 deposits have landed: every block takes as its L1 origin the height
/// height where the last of them landed (so block 1 credits all four, as derivation does), its time
/// is that L1 block's time + 1 s per block, and its fees are the registration's at the origin's blob base fee. Block 1
/// credits the deposits, every block carries one to four signed transfers among the four L2 accounts, and one
/// seed-chosen block a withdrawal to <see cref="WithdrawalRecipient"/>. The sequencer posts it as the batcher does
/// (<see cref="Channels"/>: the real <see cref="Batcher"/>'s channels, blob transactions, then batch references); the
/// honest challenger derives it from L1 and DA with the real derivation pipeline, and the liars hold it as
/// <see cref="Derived"/> (the same openings, from the blobs the sequencer posted) under a lying view of their own.
/// </summary>
internal sealed class SimL2Chain
{
    public const ulong DepositAmount = 1_000_000, WithdrawalAmount = 1_234;
    public static readonly Address WithdrawalRecipient = new(Enumerable.Repeat((byte)0x3D, Address.Size).ToArray());
    private static readonly SigningKey[] Users = [.. Enumerable.Range(0, 4).Select(i => SigningKey.FromSeed([.. Enumerable.Repeat((byte)(0x60 + i), 32)]))];
    private readonly List<L2Block> _blocks = [new L2Block(L2Rollup.GenesisHeader, [], [])];
    private readonly List<L2BlockInputs> _inputs = [];
    private readonly ChainOutputHistory _history;
    private readonly OptimisticRuleContext _rules;
    private readonly Dictionary<ulong, DerivedBlockRecord> _records = []; // lookup only: each block's source once its batch landed

    public SimL2Chain(OptimisticRuleContext context, int blocks, SplitMix64 rng, ulong origin, ulong originTimeMs, OptimisticFeeSchedule fees)
    {
        Fees = fees;
        var store = new InMemorySmtNodeStore();
        Machine = new OptimisticStateMachine(store, context.ChainId, context.RollupId, context.Sequencer, fees);
        var executor = new L2BlockExecutor(Machine);
        var nonces = new ulong[Users.Length];
        WithdrawalBlock = (ulong)rng.NextLong(1, blocks);
        for (var n = 1; n <= blocks; n++)
        {
            var deposits = n == 1 ? Deposits : [];
            var sequenced = new List<OptimisticBatchItem>();
            for (var i = rng.NextInt(4); i >= 0; i--)
            {
                var from = rng.NextInt(Users.Length);
                var to = Users[(from + 1 + rng.NextInt(Users.Length - 1)) % Users.Length].Address;
                sequenced.Add(OptimisticBatchItem.From(OptimisticTransfer.Create(Users[from], context.ChainId, context.RollupId, to, (ulong)rng.NextLong(1, 500), 0, nonces[from]++)));
            }
            if ((ulong)n == WithdrawalBlock)
                sequenced.Add(OptimisticBatchItem.From(OptimisticWithdrawal.Create(Users[0], context.ChainId, context.RollupId, WithdrawalRecipient, WithdrawalAmount, 0, WithdrawalNonce = nonces[0]++)));
            var inputs = new L2BlockInputs(origin, originTimeMs + (ulong)n * 1_000, deposits, [], sequenced, fees);
            var result = executor.Execute(_blocks[^1].Header, inputs);
            if (result.Dropped.Count > 0) throw new InvalidOperationException($"the true chain dropped a transaction in block {n}: {result.Dropped[0]}");
            _blocks.Add(result.Block);
            _inputs.Add(inputs);
        }
        _history = new ChainOutputHistory(Block, store, context, _ => fees);
        _rules = context with { Fees = fees };
        Derived = new DerivedChainOutputHistory(_history, Block, Record, context, _ => fees);
        var batcher = new Batcher(Lamina.L1.Blobs.BlobParameters.MaxBlobBytes);
        for (ulong posted = 0; batcher.Prepare(Block, posted, (ulong)blocks) is { } channel; posted = channel.LastBlock) Channels.Add(channel);
    }

    /// <summary>What the sequencer deposits on L1 before the first block: one deposit to each of the four users.</summary>
    public static IReadOnlyList<L2Deposit> Deposits { get; } = [.. Enumerable.Range(0, Users.Length).Select(i => new L2Deposit((ulong)i, Users[i].Address, DepositAmount))];

    public OptimisticStateMachine Machine { get; }

    /// <summary>The fee schedule every block ran under: the registration's at the origin's blob base fee.</summary>
    public OptimisticFeeSchedule Fees { get; }

    /// <summary>The chain as the header-list solver plays it.</summary>
    public IOutputHistory History => _history;

    /// <summary>The chain as derivation holds it: each block's derived opening once its channel's batch reference is on L1 (<see cref="Posted"/>).</summary>
    public IDerivedOutputHistory Derived { get; }

    /// <summary>The batcher's channels over blocks 1 to the last, in order; each goes to L1 as its blobs, then one batch reference.</summary>
    public List<PreparedChannel> Channels { get; } = [];

    public int Count => _blocks.Count - 1;
    public ulong WithdrawalBlock { get; }
    public ulong WithdrawalNonce { get; }
    public static Address WithdrawalSender => Users[0].Address;

    public L2Block? Block(ulong number) => number < (ulong)_blocks.Count ? _blocks[(int)number] : null;

    public OptimisticOutput Output(ulong number) => _blocks[(int)number].Header.Output;

    /// <summary>Channel <paramref name="channel"/>'s batch reference landed as batch <paramref name="batch"/> at L1 height <paramref name="height"/>: its blocks can be derived.</summary>
    public void Posted(int channel, ulong batch, ulong height)
    {
        var prepared = Channels[channel];
        var frames = prepared.Blobs.Select((blob, i) => new ChannelSourceFrame(new BatchBlobLocation(batch, (uint)i), blob)).ToList();
        for (var n = prepared.FirstBlock; n <= prepared.LastBlock; n++) _records[n] = new DerivedBlockRecord(height, frames, _inputs[(int)n - 1], []);
    }

    /// <summary>The one-step witness of block <paramref name="block"/>'s candidate <paramref name="i"/> at its true pre-state.</summary>
    public byte[] TrueWitness(ulong block, int i)
    {
        var b = _blocks[(int)block];
        var pre = i == 0 ? _blocks[(int)block - 1].Header.StateRoot : b.IntermediateRoots[i - 1];
        return OneStepWitnessGenerator.Generate(_history.StateAfter(block, i), pre, L2Block.OneStepOf(b.Transactions[i]), _rules).Witness.Encode();
    }

    private DerivedBlockRecord? Record(ulong number) => _records.GetValueOrDefault(number);
}
