using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// The sequencer's <c>bad-transition</c> fault (tests and demos): a proposer whose state transition goes wrong once, at
/// a seeded random transaction. When it first proposes an output whose range (the blocks after the last output it
/// posted) holds a transaction, it picks one of them (<see cref="Pick"/>) and executes it wrongly: the account the
/// transaction credits (a transfer's or deposit's recipient, a withdrawal's sender) gets <see cref="WrongCredit"/> more
/// than the rules give. Every later transaction of that block and every later block of the range is then executed,
/// by the real rules, on top of the wrong state: a consistent faulty history with its own intermediate roots, headers
/// and output root, not just a wrong final hash. The chain the sequencer sequences and batches stays the true one (that
/// is what verifiers derive); only what its proposer claims on L1, and defends in the game (<see cref="History"/>), is
/// faulty. It keeps its own state store: the true chain replayed from genesis, then the faulty states.
/// </summary>
/// <remarks>
/// <paramref name="feesAtOrigin"/> is each block's fee schedule (the registered one at its L1 origin's blob base fee,
/// as derivation executed it). Not thread-safe while it strikes; once <see cref="Lie"/> is set it writes nothing more.
/// </remarks>
public sealed class BadTransitionFault(ulong seed, OptimisticRuleContext rules, Func<ulong, OptimisticFeeSchedule> feesAtOrigin, Func<ulong, L2Block?> blocks)
{
    /// <summary>How much more than the rules give the wrong transition credits.</summary>
    public const ulong WrongCredit = 1_000;

    private static readonly DomainTag PickTag = new("lamina/l2/fault/bad-transition");
    private readonly InMemorySmtNodeStore _store = new();
    private readonly Dictionary<ulong, L2Block> _faulty = [];
    private ulong _replayed; // the true chain is replayed into the store through this block (0: genesis, the empty state)

    public ulong Seed => seed;

    /// <summary>The transaction executed wrongly (L2 block, position in the block's list), once struck.</summary>
    public (ulong Block, int Transaction)? Struck { get; private set; }

    /// <summary>The faulty output posted, once struck.</summary>
    public OptimisticOutput? Lie { get; private set; }

    /// <summary>
    /// The history the liar defends: the true blocks before the struck one, the faulty blocks from it through the lie's
    /// block, and step proofs built from this fault's own store (so the liar can, and does, try L1's step with them).
    /// </summary>
    public IOutputHistory History => new ChainOutputHistory(Block, _store, rules, feesAtOrigin);

    /// <summary>A faulty block this fault made, else the true one.</summary>
    public L2Block? Block(ulong number) => _faulty.TryGetValue(number, out var faulty) ? faulty : blocks(number);

    /// <summary>
    /// The seeded pick: transaction <c>H(seed ‖ total) mod total</c> of the range's <paramref name="total"/> transactions,
    /// counted across its blocks in order. The same seed over the same range always strikes the same transaction.
    /// </summary>
    public static ulong Pick(ulong seed, ulong total)
    {
        if (total == 0) throw new ArgumentOutOfRangeException(nameof(total), "no transaction to pick");
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, seed);
        BitConverter.TryWriteBytes(bytes[8..], total);
        Span<byte> digest = stackalloc byte[Hash256.Size];
        DomainHasher.Hash(PickTag, bytes).CopyTo(digest);
        return BitConverter.ToUInt64(digest) % total;
    }

    /// <summary>
    /// Strikes once: if blocks (<paramref name="after"/>, <paramref name="through"/>] hold a transaction, executes the
    /// seeded one wrongly and returns the faulty output of block <paramref name="through"/>; null (nothing struck) when
    /// the range holds none, or once it has struck.
    /// </summary>
    public OptimisticOutput? Strike(ulong after, ulong through)
    {
        if (Lie is not null || through <= after) return null;
        ulong total = 0;
        for (var n = after + 1; n <= through; n++) total += (ulong)Require(n).Transactions.Count;
        if (total == 0) return null;
        var pick = Pick(seed, total);
        var block = after + 1;
        for (; (ulong)Require(block).Transactions.Count <= pick; block++) pick -= (ulong)Require(block).Transactions.Count;
        ReplayThrough(block - 1);
        var parent = Require(block - 1).Header;
        for (var n = block; n <= through; n++)
        {
            var faulty = Execute(parent, Require(n), n == block ? (int)pick : -1);
            _faulty[n] = faulty;
            parent = faulty.Header;
        }
        Struck = (block, (int)pick);
        Lie = parent.Output;
        return Lie;
    }

    /// <summary>An account in a state this fault holds (the replayed true states and its faulty ones).</summary>
    public OptimisticAccount Account(Hash256 root, Address address) => new OptimisticStateMachine(_store, rules.ChainId, rules.RollupId, rules.Sequencer).GetAccount(root, address);

    private L2Block Require(ulong number) => blocks(number) ?? throw new InvalidOperationException($"L2 block {number} is not held");

    /// <summary>Replays the true chain into this fault's store, checking every root against the block's own.</summary>
    private void ReplayThrough(ulong number)
    {
        for (; _replayed < number; _replayed++)
        {
            var block = Require(_replayed + 1);
            var root = Require(_replayed).Header.StateRoot;
            var machine = MachineFor(block);
            for (var i = 0; i < block.Transactions.Count; i++)
            {
                root = Apply(machine, root, block.Transactions[i]);
                if (root != block.IntermediateRoots[i])
                    throw new InvalidOperationException($"replaying L2 block {block.Header.Number} transaction {i} gave root {root}, the block says {block.IntermediateRoots[i]}");
            }
        }
    }

    /// <summary>Executes <paramref name="truth"/>'s transactions on <paramref name="parent"/>'s state, transaction <paramref name="wrongAt"/> wrongly (-1: none).</summary>
    private L2Block Execute(L2BlockHeader parent, L2Block truth, int wrongAt)
    {
        var machine = MachineFor(truth);
        var roots = new Hash256[truth.Transactions.Count];
        var root = parent.StateRoot;
        for (var i = 0; i < roots.Length; i++)
        {
            var tx = truth.Transactions[i];
            root = Apply(machine, root, tx);
            if (i == wrongAt) root = Credit(machine, root, CreditedBy(tx));
            roots[i] = root;
        }
        var header = truth.Header with
        {
            ParentHash = parent.Hash,
            StateRoot = roots.Length == 0 ? parent.StateRoot : roots[^1],
        };
        return new L2Block(header, truth.Transactions, roots);
    }

    private OptimisticStateMachine MachineFor(L2Block block) =>
        new(_store, rules.ChainId, rules.RollupId, rules.Sequencer, feesAtOrigin(block.Header.L1Origin));

    private static Hash256 Apply(OptimisticStateMachine machine, Hash256 root, L2Transaction tx)
    {
        var result = machine.Apply(root, L2Block.OneStepOf(tx));
        // A block records only transactions that applied; one that would not on this state cannot be part of a history
        // this fault can claim consistently.
        if (result.Rejection is { } error) throw new InvalidOperationException($"a recorded transaction does not apply on the replayed state: {error}");
        return result.PostRoot;
    }

    /// <summary>The account a transaction credits: a deposit's or transfer's recipient, a withdrawal's sender (it keeps what it should have burned).</summary>
    public static Address CreditedBy(L2Transaction tx) => tx.Kind switch
    {
        L2TxKind.Deposit => tx.Recipient,
        _ when tx.Item.Kind == OptimisticTxKind.Transfer => tx.Item.Recipient,
        _ => Address.FromPublicKey(tx.Item.Sender),
    };

    /// <summary>The wrong part of the transition: <see cref="WrongCredit"/> more on <paramref name="account"/>.</summary>
    private Hash256 Credit(OptimisticStateMachine machine, Hash256 root, Address account)
    {
        var now = machine.GetAccount(root, account);
        var wrong = now with { Balance = checked(now.Balance + WrongCredit) };
        return new SparseMerkleTree(_store).Update(root, [new(OptimisticStateMachine.AccountKey(account), wrong.Encode())]);
    }
}
