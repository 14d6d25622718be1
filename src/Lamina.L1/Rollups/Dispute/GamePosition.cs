namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// A node of the bisection tree: <see cref="Depth"/> levels below the root and <see cref="IndexAtDepth"/> from the left
/// (OP Stack's generalized index is 2^depth + index). The root (0, 0) covers the whole trace; attacking a claim moves
/// to its left child (the midpoint of the half before it), defending to the right child of its right neighbour (the
/// midpoint of the half after it), as in OP's FaultDisputeGame.
/// </summary>
public readonly record struct GamePosition(int Depth, ulong IndexAtDepth)
{
    public static GamePosition Root => new(0, 0);

    public GamePosition Attack() => new(Depth + 1, checked(IndexAtDepth * 2));

    public GamePosition Defend() => Depth == 0
        ? throw new InvalidDisputeMoveException(DisputeError.InvalidPosition, "the root claim cannot be defended")
        : new(Depth + 1, checked((IndexAtDepth + 1) * 2));

    /// <summary>The last trace index this position covers, in a tree of <paramref name="maxDepth"/> levels.</summary>
    public ulong TraceIndex(int maxDepth)
    {
        var below = maxDepth - Depth;
        return checked(((IndexAtDepth + 1) << below) - 1);
    }
}
