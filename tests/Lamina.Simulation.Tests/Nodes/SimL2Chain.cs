using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;
using L2Rollup = Lamina.L2.Optimistic.Derivation.RollupConfig;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// The optimistic rollup's true L2 chain in a dispute run, executed by the real <see cref="L2BlockExecutor"/> from the
/// rollup's genesis: block 1 credits the deposits the sequencer queued on L1 (indices 0 to 3, in the order its
/// nonces land them), then every block carries one to four signed transfers among the four L2 accounts, and one
/// seed-chosen block a withdrawal to <see cref="WithdrawalRecipient"/>. Every block takes L1 origin 0 (its blob base
/// fee is recorded at genesis), so the one step's rule context is the registration's at that fee. Every party holds
/// this chain (as if derived from L1 and DA): the honest ones play it as it is, the liars through a lying view.
/// </summary>
internal sealed class SimL2Chain
{
    public const ulong DepositAmount = 1_000_000, WithdrawalAmount = 1_234;
    public static readonly Address WithdrawalRecipient = new(Enumerable.Repeat((byte)0x3D, Address.Size).ToArray());
    private static readonly SigningKey[] Users = [.. Enumerable.Range(0, 4).Select(i => SigningKey.FromSeed([.. Enumerable.Repeat((byte)(0x60 + i), 32)]))];
    private readonly List<L2Block> _blocks = [new L2Block(L2Rollup.GenesisHeader, [], [])];

    public SimL2Chain(OptimisticRuleContext context, int blocks, SplitMix64 rng)
    {
        var store = new InMemorySmtNodeStore();
        Machine = new OptimisticStateMachine(store, context.ChainId, context.RollupId, context.Sequencer, context.Fees);
        var executor = new L2BlockExecutor(Machine);
        var nonces = new ulong[Users.Length];
        WithdrawalBlock = (ulong)rng.NextLong(1, blocks);
        for (var n = 1; n <= blocks; n++)
        {
            var parent = _blocks[^1].Header;
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
            var result = executor.Execute(parent, new L2BlockInputs(0, parent.TimestampMs + 1_000, deposits, [], sequenced));
            if (result.Dropped.Count > 0) throw new InvalidOperationException($"the true chain dropped a transaction in block {n}: {result.Dropped[0]}");
            _blocks.Add(result.Block);
        }
        History = new ChainOutputHistory(Block, store, context);
    }

    /// <summary>What the sequencer deposits on L1 before the first block: one deposit to each of the four users.</summary>
    public static IReadOnlyList<L2Deposit> Deposits { get; } = [.. Enumerable.Range(0, Users.Length).Select(i => new L2Deposit((ulong)i, Users[i].Address, DepositAmount))];

    public OptimisticStateMachine Machine { get; }
    public IOutputHistory History { get; }
    public int Count => _blocks.Count - 1;
    public ulong WithdrawalBlock { get; }
    public ulong WithdrawalNonce { get; }
    public static Address WithdrawalSender => Users[0].Address;

    public L2Block? Block(ulong number) => number < (ulong)_blocks.Count ? _blocks[(int)number] : null;

    public OptimisticOutput Output(ulong number) => _blocks[(int)number].Header.Output;
}
