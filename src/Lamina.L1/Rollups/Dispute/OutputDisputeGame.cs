using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// The game over one disputed output root, pure and deterministic: bisection over the L2 blocks between the agreed
/// output <see cref="Anchor"/> and the disputed block (<see cref="Blocks"/>, claims are output roots; trace index i is
/// block min(anchor + 1 + i, disputed)), then a descent from a claim at the last block level into the execution of
/// the first disagreed block (an <see cref="ExecutionSubgame"/>, bisected by a <see cref="DisputeGame"/> down to the
/// one step). Claims are numbered globally in the order they were made, which is how moves name their parent.
/// </summary>
/// <remarks>
/// The link between the levels is the L2 block header: its tx root is the Merkle root over the one-step encodings of
/// its transactions (<see cref="ExecutionStep.TxListRootOf"/>), so a header preimage opens an output root into
/// exactly the (parent, list, final state) the execution level plays on. The descending side opens the agreed pre
/// output (its state root is where execution starts) and names its final point; the post output is opened by a
/// <see cref="DisputeMoveKind.Reveal"/>, which refutes a descent that executed another list, or that opposes a
/// post output its own execution confirms (<see cref="ExecutionSubgame.RefutedBy"/>). A descent that supports the post
/// output must come after that output was revealed, so its side cannot pick a list of its own. Past the disputed
/// block the trace repeats the disputed output, and a clamp settles a pair of equal blocks by comparing the claims.
/// Bound: every path is closed at most 2·MaxClock + (BlockDepth + MaxDepth + 2)·Extension after the root claim.
/// </remarks>
public sealed class OutputDisputeGame
{
    private readonly List<(int Subgame, int Local)> _refs = [];
    private readonly Dictionary<(int Subgame, int Local), int> _global = [];
    private readonly List<ExecutionSubgame> _subgames = [];
    private readonly Dictionary<int, L2HeaderPreimage> _revealed = [];
    private readonly HashSet<(int Claim, bool Attack, Hash256 Final)> _descents = [];
    private readonly Func<ulong, OptimisticFeeSchedule?>? _feesAtOrigin;
    private readonly Dictionary<(Hash256 PreRoot, ulong Block), DerivationSource> _firstSource = [];
    private ulong _lastMs;

    /// <param name="feesAtOrigin">
    /// The fee schedule of an L2 block with a given L1 origin (null: L1 has no record of it, and a descent naming it is
    /// refused); each execution subgame runs under <paramref name="context"/> with its block's fees. Without it every
    /// subgame runs with <paramref name="context"/>'s own fees.
    /// </param>
    public OutputDisputeGame(OutputGameConfig config, OptimisticRuleContext context, OptimisticOutput anchor, ulong disputedBlock, Hash256 disputedRoot, Address proposer, ulong nowMs,
        Func<ulong, OptimisticFeeSchedule?>? feesAtOrigin = null, L1ListDeriver? deriver = null)
    {
        _feesAtOrigin = feesAtOrigin;
        if (config.Problem() is { } problem) throw new ArgumentException(problem, nameof(config));
        if (config.DerivedLists && deriver is null) throw new ArgumentException("a game that derives lists needs L1's records to derive them from", nameof(deriver));
        Deriver = deriver;
        if (disputedBlock <= anchor.L2BlockNumber || disputedBlock - anchor.L2BlockNumber > config.BlockSpan)
            throw new InvalidDisputeMoveException(DisputeError.RangeTooLong, $"blocks {anchor.L2BlockNumber} to {disputedBlock} do not fit {config.BlockDepth} block levels");
        Config = config;
        Context = context;
        Anchor = anchor;
        DisputedBlock = disputedBlock;
        Blocks = new DisputeGame(config.BlockLevel, context, default, disputedRoot, proposer, nowMs);
        _lastMs = nowMs;
        Add(-1, 0);
    }

    /// <summary>
    /// The game L1 plays for a rollup: its parameters, its rule context with L1's deposit queue, and each block's fees
    /// from the registered schedule at its L1 origin's recorded blob base fee, exactly as derivation charged them.
    /// </summary>
    /// <remarks>With <paramref name="derivation"/> the game derives every descended block's list on L1 from <paramref name="records"/>, which must then be <see cref="IRollupDerivationRecords"/>.</remarks>
    public static OutputDisputeGame ForRollup(RollupConfig rollup, IRollupL1Records records, OptimisticOutput anchor, ulong disputedBlock, Hash256 disputedRoot, Address proposer, ulong nowMs,
        DerivationRules? derivation = null)
    {
        L1ListDeriver? deriver = null;
        if (derivation is { } rules)
        {
            deriver = new L1ListDeriver(rules, records as IRollupDerivationRecords
                ?? throw new InvalidDisputeMoveException(DisputeError.ListNotDerived, "this game derives lists on L1: rebuilding it needs L1's derivation records (batches, queues with heights, L1 times)"));
        }
        return new(OutputGameConfig.ForRollup(rollup) with { DerivedLists = deriver is not null }, DisputeLedger.RuleContext(rollup, records), anchor, disputedBlock, disputedRoot, proposer, nowMs,
            origin => records.BlobBaseFeeAt(origin) is { } fee ? rollup.L2FeesAt(fee) : null, deriver);
    }

    /// <summary>The rules one L2 block with L1 origin <paramref name="origin"/> runs under in an execution subgame.</summary>
    public OptimisticRuleContext ContextAt(ulong origin)
    {
        if (_feesAtOrigin is null) return Context;
        return Context with { Fees = _feesAtOrigin(origin) ?? throw new InvalidDisputeMoveException(DisputeError.UnknownOrigin, $"L1 has no blob fee record of origin {origin}") };
    }

    public OutputGameConfig Config { get; }

    /// <summary>What derives a block's list on L1 (null: derived descents are refused).</summary>
    public L1ListDeriver? Deriver { get; }
    public OptimisticRuleContext Context { get; }
    public OptimisticOutput Anchor { get; }
    public ulong DisputedBlock { get; }
    public DisputeGame Blocks { get; }
    public IReadOnlyList<ExecutionSubgame> Subgames => _subgames;
    public IReadOnlyDictionary<int, L2HeaderPreimage> Revealed => _revealed;
    public int ClaimCount => _refs.Count;
    public DisputeResolution? Resolution { get; private set; }

    /// <summary>The time of the newest move applied (or of the game's creation): the latest moment the record proves.</summary>
    public ulong LastMoveMs => _lastMs;

    public ulong ResolutionBoundMs => checked(2 * Config.Execution.MaxClockMs + (ulong)(Config.BlockDepth + Config.Execution.MaxDepth + 2) * Config.Execution.ExtensionMs);

    /// <summary>Where global claim <paramref name="index"/> lives: subgame −1 is the block level.</summary>
    public (int Subgame, int Local) Locate(int index) => _refs[index];

    public DisputeClaim Claim(int index)
    {
        var (sub, local) = _refs[index];
        return sub < 0 ? Blocks.Claims[local] : _subgames[sub].Game.Claims[local];
    }

    /// <summary>The L2 block a block-level trace index stands for.</summary>
    public ulong BlockAt(ulong traceIndex) => Math.Min(checked(Anchor.L2BlockNumber + 1 + traceIndex), DisputedBlock);

    public ulong BlockOf(DisputeClaim blockClaim) => BlockAt(blockClaim.Position.TraceIndex(Config.BlockDepth));

    /// <summary>Applies one move; returns the new claim's global index, or −1 for a move that adds no claim.</summary>
    /// <param name="stored">
    /// L1's stored result of this derived descent, from when L1 first applied it (<see cref="DisputeGameRecord.Replay"/>):
    /// the list is then not derived again. Only L1's own record supplies one; null derives the list from the blobs.
    /// </param>
    public int Apply(DisputeMove move, Address mover, UInt128 bond, ulong nowMs, DerivedResult? stored = null)
    {
        if (stored is not null && !move.IsDerive)
            throw new InvalidDisputeMoveException(DisputeError.StoredDerivationMismatch, $"a stored derivation is given for a {move.Kind}, which derives nothing");
        if (Resolution is not null) throw new InvalidDisputeMoveException(DisputeError.GameOver, "the game is resolved");
        if (nowMs < _lastMs) throw new InvalidDisputeMoveException(DisputeError.TimeRegressed, $"time {nowMs} is before {_lastMs}");
        if (move.ParentIndex >= (uint)_refs.Count) throw new InvalidDisputeMoveException(DisputeError.UnknownClaim, $"no claim {move.ParentIndex}");
        if (move.Kind is not (DisputeMoveKind.Attack or DisputeMoveKind.Defend or DisputeMoveKind.DescendAttack or DisputeMoveKind.DescendDefend or DisputeMoveKind.DeriveAttack or DisputeMoveKind.DeriveDefend)
            && bond != UInt128.Zero)
            throw new InvalidDisputeMoveException(DisputeError.BondMismatch, $"a {move.Kind} adds no claim and locks no bond, got {bond}");
        var (sub, local) = _refs[(int)move.ParentIndex];
        var localMove = move with { ParentIndex = (uint)local };
        int created;
        if (sub >= 0)
        {
            var index = _subgames[sub].Game.Apply(localMove, mover, bond, nowMs);
            created = index < 0 ? -1 : Add(sub, index);
        }
        else
        {
            created = move.Kind switch
            {
                DisputeMoveKind.Attack or DisputeMoveKind.Defend => Add(-1, Blocks.Apply(localMove, mover, bond, nowMs)),
                DisputeMoveKind.DescendAttack or DisputeMoveKind.DescendDefend when Config.DerivedLists =>
                    throw new InvalidDisputeMoveException(DisputeError.ListNotDerived, "this game derives every block's list on L1: descend with the batch blobs (a derived descent)"),
                DisputeMoveKind.DescendAttack or DisputeMoveKind.DescendDefend => Descend(local, move.IsAttack, move.Split!, mover, bond, nowMs),
                DisputeMoveKind.DeriveAttack or DisputeMoveKind.DeriveDefend => DescendDerived(local, move.IsAttack, move.Derived!, mover, bond, nowMs, stored),
                DisputeMoveKind.ClampAttack or DisputeMoveKind.ClampDefend => Clamp(local, move.IsAttack, mover, nowMs),
                DisputeMoveKind.Reveal => Reveal(local, move.Header!, mover, nowMs),
                _ => throw new InvalidDisputeMoveException(DisputeError.WrongDepth, $"claim {move.ParentIndex} is an output: a step runs only inside a block's execution"),
            };
        }
        _lastMs = nowMs;
        return created;
    }

    private int Add(int sub, int local)
    {
        _refs.Add((sub, local));
        _global.Add((sub, local), _refs.Count - 1);
        return _refs.Count - 1;
    }

    /// <summary>The global index of the claim <paramref name="index"/> counters (−1 for the root).</summary>
    public int ParentOf(int index)
    {
        var (sub, local) = _refs[index];
        if (sub < 0) return Blocks.Claims[local].IsRoot ? -1 : _global[(-1, Blocks.Claims[local].ParentIndex)];
        var subgame = _subgames[sub];
        return local == 0 ? _global[(-1, subgame.SplitClaim)] : _global[(sub, subgame.Game.Claims[local].ParentIndex)];
    }

    /// <summary>The global index of block-level claim <paramref name="local"/>.</summary>
    public int GlobalOfBlockClaim(int local) => _global[(-1, local)];

    /// <summary>
    /// The agreed and the disputed end of a descent or clamp on block-level claim <paramref name="claim"/> (pre null:
    /// the anchor), and whether the countering side opposes the post end (it is the countered claim's side's).
    /// </summary>
    public (DisputeClaim? Pre, DisputeClaim Post, bool OpposesPost) Ends(DisputeClaim claim, bool attack)
    {
        if (claim.Position.Depth != Config.BlockDepth)
            throw new InvalidDisputeMoveException(DisputeError.WrongDepth, $"claim {claim.Index} is at block depth {claim.Position.Depth}; only depth {Config.BlockDepth} descends");
        var index = claim.Position.TraceIndex(Config.BlockDepth);
        if (attack) return (index == 0 ? null : Blocks.TraceAncestor(claim, index - 1), claim, true);
        if (index + 1 >= Config.BlockSpan) throw new InvalidDisputeMoveException(DisputeError.InvalidPosition, "the last block point has no successor to defend towards");
        var post = Blocks.TraceAncestor(claim, index + 1);
        return (claim, post, (claim.Position.Depth - post.Position.Depth) % 2 == 0);
    }

    public ulong BlockOfPre(DisputeClaim? pre) => pre is null ? Anchor.L2BlockNumber : BlockOf(pre);

    private int Descend(int local, bool attack, SplitOpening opening, Address mover, UInt128 bond, ulong nowMs, DerivedDescent? derived = null)
    {
        var claim = Blocks.Counterable((uint)local, nowMs, out var used);
        var (pre, post, opposes) = Ends(claim, attack);
        var preBlock = BlockOfPre(pre);
        if (preBlock == BlockOf(post))
            throw new InvalidDisputeMoveException(DisputeError.InvalidPosition, $"both ends are L2 block {preBlock} (past the disputed block): a clamp settles them");
        if (opening.PreOutput.Root != (pre?.Commitment ?? Anchor.Root) || opening.PreOutput.L2BlockNumber != preBlock)
            throw new InvalidDisputeMoveException(DisputeError.OpeningMismatch, $"the pre output opened is not the output claimed for L2 block {preBlock}");
        var final = opening.Final;
        var execution = Config.ExecutionLevel;
        if (!final.Finished || final.TxCount > execution.TraceLength)
            throw new InvalidDisputeMoveException(DisputeError.InvalidPosition, $"the final point must have executed all of at most {execution.TraceLength} transactions");
        if (bond != execution.BaseBond) throw new InvalidDisputeMoveException(DisputeError.BondMismatch, $"a descent locks {execution.BaseBond}, got {bond}");
        var context = ContextAt(opening.Origin);
        var subgame = new ExecutionSubgame(local, attack, pre?.Index ?? -1, post.Index, opposes, opening,
            new DisputeGame(execution, context, ExecutionPoint.Start(opening.PreOutput.StateRoot, final.TxListRoot, final.TxCount), final.Commitment, mover, nowMs,
                Math.Min(used, execution.MaxClockMs - execution.ExtensionMs), claim.ClockMs, maskedList: derived is not null)) { Derived = derived };
        if (_revealed.TryGetValue(post.Index, out var header))
        {
            if (subgame.RefutedBy(header)) throw new InvalidDisputeMoveException(DisputeError.ContradictsOpening, $"the header opened for claim {post.Index} refutes this final point");
        }
        else if (!opposes)
        {
            throw new InvalidDisputeMoveException(DisputeError.NotRevealed, $"a descent supporting claim {post.Index} needs its header revealed first");
        }
        if (derived is not null) CheckSource(opening.PreOutput.Root, derived.Result);
        if (!_descents.Add((local, attack, final.Commitment))) throw new InvalidDisputeMoveException(DisputeError.DuplicateClaim, $"claim {local} already has this descent");
        if (derived is not null) OrderSource(opening.PreOutput.Root, derived.Result, mover, nowMs);
        _subgames.Add(subgame);
        return Add(_subgames.Count - 1, 0);
    }

    /// <summary>
    /// A descent whose list L1 derives from the batch blobs: the parent header must open the agreed pre output, and the
    /// mask must cover exactly the derived candidates; the subgame then plays the masked list from the pre state.
    /// With L1's <paramref name="stored"/> result of this move the list is not derived again: the result must still be
    /// the parent's next block and cover the mask (L1 wrote it for this very move, so a mismatch is a broken record).
    /// </summary>
    private int DescendDerived(int local, bool attack, DerivedOpening opening, Address mover, UInt128 bond, ulong nowMs, DerivedResult? stored)
    {
        if (Deriver is null) throw new InvalidDisputeMoveException(DisputeError.ListNotDerived, "this game has no L1 records to derive a list from");
        L2HeaderPreimage parent;
        try
        {
            parent = L2HeaderPreimage.Decode(opening.ParentHeader);
        }
        catch (CodecException e)
        {
            throw new InvalidDisputeMoveException(DisputeError.ParentMismatch, $"the parent header does not decode: {e.Message}");
        }
        if (parent.Output != opening.PreOutput)
            throw new InvalidDisputeMoveException(DisputeError.ParentMismatch, "the parent header does not open the pre output given");
        DerivedDescent derived;
        if (stored is null)
        {
            var list = Deriver.Derive(parent, opening);
            if (opening.Mask.Length != list.Candidates.Count)
                throw new InvalidDisputeMoveException(DisputeError.ParentMismatch, $"the mask covers {opening.Mask.Length} transactions, L1 derived {list.Candidates.Count}");
            derived = new DerivedDescent(list, opening.Mask, opening.FinalStateRoot);
        }
        else
        {
            if (stored.Number != checked(parent.Number + 1) || stored.ParentHash != parent.Hash || (uint)opening.Mask.Length != stored.CandidateCount)
                throw new InvalidDisputeMoveException(DisputeError.StoredDerivationMismatch, $"the stored derivation of L2 block {stored.Number} is not this descent's (from block {parent.Number}, mask of {opening.Mask.Length})");
            derived = new DerivedDescent(stored, opening.Mask, opening.FinalStateRoot);
        }
        return Descend(local, attack, new SplitOpening(derived.Final, opening.PreOutput, derived.Result.Origin), mover, bond, nowMs, derived);
    }

    /// <summary>
    /// Derivation takes a block from the first channel that carries it: a derivation from a later channel than one
    /// already shown for the same block is refused, and one from an earlier channel counters every derived descent
    /// shown before from a later one (while their counterers' clocks allow, as a reveal does).
    /// </summary>
    private void CheckSource(Hash256 preRoot, DerivedResult list)
    {
        if (_firstSource.TryGetValue((preRoot, list.Number), out var first) && list.Source.CompareTo(first) > 0)
            throw new InvalidDisputeMoveException(DisputeError.LaterSource, $"L2 block {list.Number} was derived from {first}, before {list.Source}");
    }

    private void OrderSource(Hash256 preRoot, DerivedResult list, Address mover, ulong nowMs)
    {
        var key = (preRoot, list.Number);
        if (_firstSource.TryGetValue(key, out var first) && list.Source.CompareTo(first) >= 0) return;
        _firstSource[key] = list.Source;
        foreach (var subgame in _subgames)
        {
            if (subgame.Derived is not { } other || subgame.CounteredBy is not null || other.Result.Number != list.Number || subgame.Opening.PreOutput.Root != preRoot) continue;
            var root = subgame.Game.Claims[0];
            if (other.Result.Source.CompareTo(list.Source) > 0 && subgame.Game.CounterClockMs(root, nowMs) < subgame.Game.Config.MaxClockMs) subgame.CounteredBy = mover;
        }
    }

    private int Clamp(int local, bool attack, Address mover, ulong nowMs)
    {
        var claim = Blocks.Counterable((uint)local, nowMs, out _);
        var (pre, post, opposes) = Ends(claim, attack);
        if (BlockOfPre(pre) != BlockOf(post))
            throw new InvalidDisputeMoveException(DisputeError.InvalidPosition, $"the ends are different L2 blocks: a descent settles them");
        if (claim.SteppedBy is not null) throw new InvalidDisputeMoveException(DisputeError.AlreadyStepped, $"claim {local} was already countered");
        // Both ends claim the same block's output, so they must be equal; as for a step, the verdict counters the
        // claim only if it contradicts it.
        var equal = (pre?.Commitment ?? Anchor.Root) == post.Commitment;
        if (equal == opposes) throw new InvalidDisputeMoveException(DisputeError.StepDoesNotCounter, $"the clamp confirms claim {local}");
        claim.SteppedBy = mover;
        return -1;
    }

    private int Reveal(int local, byte[] headerBytes, Address mover, ulong nowMs)
    {
        var claim = Blocks.Claims[local];
        if (_revealed.ContainsKey(local)) throw new InvalidDisputeMoveException(DisputeError.AlreadyRevealed, $"claim {local}'s header is already open");
        L2HeaderPreimage header;
        try
        {
            header = L2HeaderPreimage.Decode(headerBytes);
        }
        catch (CodecException e)
        {
            throw new InvalidDisputeMoveException(DisputeError.OpeningMismatch, $"the header does not decode: {e.Message}");
        }
        if (header.Number != BlockOf(claim) || header.Output.Root != claim.Commitment)
            throw new InvalidDisputeMoveException(DisputeError.OpeningMismatch, $"the header does not open claim {local}'s output for L2 block {BlockOf(claim)}");
        _revealed.Add(local, header);
        foreach (var subgame in _subgames)
        {
            if (subgame.PostClaim != local || subgame.CounteredBy is not null) continue;
            var root = subgame.Game.Claims[0];
            if (subgame.Game.CounterClockMs(root, nowMs) < subgame.Game.Config.MaxClockMs && subgame.RefutedBy(header)) subgame.CounteredBy = mover;
        }
        return -1;
    }

    /// <summary>
    /// Resolves once no claim anywhere can be countered: each execution subgame bottom-up, then the block level, where
    /// a claim with a standing descent below it is countered by that descent's claimant (the leftmost: attacks first).
    /// Payouts and counters are in global claim order.
    /// </summary>
    public DisputeResolution Resolve(ulong nowMs)
    {
        if (Resolution is not null) return Resolution;
        if (nowMs < _lastMs) throw new InvalidDisputeMoveException(DisputeError.TimeRegressed, $"time {nowMs} is before {_lastMs}");
        if (!Blocks.Resolvable(nowMs) || _subgames.Exists(s => !s.Game.Resolvable(nowMs)))
            throw new InvalidDisputeMoveException(DisputeError.NotResolvable, "a claim can still be countered");
        var standing = new ExecutionSubgame?[Blocks.Claims.Count];
        foreach (var subgame in _subgames)
        {
            var result = subgame.Game.Resolve(nowMs);
            if (subgame.CounteredBy is not null || result.Countered[0]) continue;
            ref var best = ref standing[subgame.SplitClaim];
            if (best is null || (subgame.Attack && !best.Attack)) best = subgame;
        }
        for (var i = 0; i < standing.Length; i++)
            if (standing[i] is { } s && Blocks.Claims[i].SteppedBy is null) Blocks.Claims[i].SteppedBy = s.Game.Claims[0].Claimant;
        var blocks = Blocks.Resolve(nowMs);
        var countered = new bool[_refs.Count];
        var payouts = new (Address, UInt128)[_refs.Count];
        for (var g = 0; g < _refs.Count; g++)
        {
            var (sub, local) = _refs[g];
            if (sub < 0)
            {
                countered[g] = blocks.Countered[local];
                payouts[g] = blocks.Payouts[local];
                continue;
            }
            var subgame = _subgames[sub];
            var result = subgame.Game.Resolution!;
            var byReveal = local == 0 && subgame.CounteredBy is not null;
            countered[g] = byReveal || result.Countered[local];
            payouts[g] = byReveal ? (subgame.CounteredBy!.Value, subgame.Game.Claims[0].Bond) : result.Payouts[local];
        }
        Resolution = new DisputeResolution(blocks.Outcome, countered, payouts);
        return Resolution;
    }
}
