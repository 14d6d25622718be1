using System.Numerics;
using Lamina.Stark.Air;

namespace Lamina.L2.Zk.Air;

/// <summary>
/// For an AIR that computes its constraints in blocks (one bit each), which blocks the prover needs on the coset of a
/// given domain factor (<see cref="ConstraintDegree.DomainFactor"/>): those holding a constraint of that factor. Built
/// from the declared degrees, so a block follows its constraints' degrees; every constraint must belong to a block.
/// </summary>
internal sealed class DomainFactorBlocks
{
    private readonly int[] _blocksByLog2 = new int[32];

    public DomainFactorBlocks(IReadOnlyList<ConstraintDegree> degrees, int traceLength, IReadOnlyList<(int Bit, int[] Constraints)> blocks)
    {
        var covered = new bool[degrees.Count];
        foreach (var (bit, constraints) in blocks)
        {
            foreach (int t in constraints)
            {
                _blocksByLog2[BitOperations.Log2((uint)degrees[t].DomainFactor(traceLength))] |= bit;
                covered[t] = true;
            }
        }
        int missing = Array.IndexOf(covered, false);
        if (missing >= 0)
        {
            throw new InvalidOperationException($"constraint {missing} belongs to no block");
        }
    }

    /// <summary>The bits of the blocks to evaluate on the coset of <paramref name="domainFactor"/>·n points.</summary>
    public int Blocks(int domainFactor) => _blocksByLog2[BitOperations.Log2((uint)domainFactor)];
}
