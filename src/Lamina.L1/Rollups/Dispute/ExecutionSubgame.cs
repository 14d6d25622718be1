using Lamina.Core;
using Lamina.L1.Rollups.Dispute.Derivation;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// One descent from a block-level claim into the execution of one L2 block: the transition from the output at
/// <see cref="PreClaim"/> (−1: the game's agreed anchor) to the output at <see cref="PostClaim"/> (block-level claim
/// indices). Its root claim, made by the side that countered <see cref="SplitClaim"/>, says executing the block from
/// the pre output's state root ends at <see cref="SplitOpening.Final"/>; when <see cref="OpposesPost"/> it says the post
/// output is wrong, otherwise that it is right. Its <see cref="Game"/> bisects that execution.
/// </summary>
public sealed class ExecutionSubgame(int splitClaim, bool attack, int preClaim, int postClaim, bool opposesPost, SplitOpening opening, DisputeGame game)
{
    public int SplitClaim { get; } = splitClaim;
    public bool Attack { get; } = attack;
    public int PreClaim { get; } = preClaim;
    public int PostClaim { get; } = postClaim;
    public bool OpposesPost { get; } = opposesPost;
    public SplitOpening Opening { get; } = opening;
    public DisputeGame Game { get; } = game;

    /// <summary>Set for a descent whose list L1 derived (kinds 9 and 10): then a header is judged against every derived field.</summary>
    public DerivedDescent? Derived { get; init; }

    /// <summary>Who countered the root by opening the post output's header (the header refutes it), or by showing an earlier source.</summary>
    public Address? CounteredBy { get; internal set; }

    /// <summary>
    /// Whether the post output's header refutes the root claim. Executing a block means its own list from its parent's
    /// state under its origin's fees: if the header does not build on the pre output's block, the post output is wrong,
    /// whatever the list. If it does, the root claim is right only for the header's list and origin, and then it is
    /// right in opposing the post output exactly when the header's final point (every transaction applied, at the
    /// header's state root) is not its own.
    /// </summary>
    public bool RefutedBy(L2HeaderPreimage header)
    {
        if (Derived is { } derived) return OpposesPost == derived.Matches(header);
        var final = Opening.Final;
        var chains = header.ParentHash == Opening.PreOutput.L2BlockHash;
        var sameOrigin = header.L1Origin == Opening.Origin;
        var matches = header.Final == final;
        if (!OpposesPost) return !(chains && sameOrigin && matches);
        var sameList = header.TxRoot == final.TxListRoot && header.TxCount == final.TxCount;
        return chains && (!sameList || !sameOrigin || matches);
    }
}
