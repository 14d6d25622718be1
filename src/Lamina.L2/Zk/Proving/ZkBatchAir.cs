using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.State;
using Lamina.Stark.Air;
using Lamina.Stark.Hashing;

namespace Lamina.L2.Zk.Proving;

/// <summary>
/// The one statement a batch proof proves (batch proof version 3): the account-tree transition and, when the batch
/// has applied signed operations, every signature, side by side in one trace (<see cref="CombinedAir"/>), the shorter
/// part padded to the longer one's length. A transfer is two 256-row leaf updates and one 512-row signature, so the
/// two parts have the same length for a batch of transfers and padding costs nothing there. One proof instead of
/// two (version 2) halves the commitments, FRI layers and openings a verifier checks and a proof carries.
/// </summary>
public static class ZkBatchAir
{
    public static StarkAir For(RpoDigest oldAccountRoot, RpoDigest newAccountRoot, ZkBatchStatements statements, ulong batchNumber) =>
        For(oldAccountRoot, newAccountRoot, statements.Updates, statements.Signatures, batchNumber, statements.ChallengeDomain,
            ZkBatchProof.NextYFromNextX(statements.ProofVersion));

    /// <param name="challengeDomain">null for batch proof v4; since v5 the rollup's domain digest, and the signatures hash
    /// their messages and challenges in the trace (<see cref="SchnorrSignaturesAir"/>).</param>
    /// <param name="nextYFromNextX">true for v6: the signature AIR's next-y constraint at degree 3.</param>
    public static StarkAir For(RpoDigest oldAccountRoot, RpoDigest newAccountRoot, IReadOnlyList<LeafUpdateStatement> updates,
        IReadOnlyList<SchnorrStatement> signatures, ulong batchNumber, RpoDigest? challengeDomain = null, bool nextYFromNextX = false)
    {
        var state = new AccountTreeTransitionAir(oldAccountRoot, newAccountRoot, updates, batchNumber);
        if (signatures.Count == 0)
        {
            return state;
        }
        var signatureAir = new SchnorrSignaturesAir(signatures, 0, challengeDomain, nextYFromNextX);
        int length = Math.Max(state.TraceLength, signatureAir.TraceLength);
        return new CombinedAir(
            new AccountTreeTransitionAir(oldAccountRoot, newAccountRoot, updates, batchNumber, length),
            new SchnorrSignaturesAir(signatures, length, challengeDomain, nextYFromNextX));
    }

    /// <summary>The trace of <paramref name="air"/> (from <see cref="For(RpoDigest, RpoDigest, ZkBatchStatements, ulong)"/>), the leaf updates applied to <paramref name="tree"/>.</summary>
    public static TraceTable BuildTrace(AccountTree tree, StarkAir air)
    {
        var state = (AccountTreeTransitionAir)(air is CombinedAir combined ? combined.Left : air);
        TraceTable stateTrace = AccountTreeTransitionTrace.Build(tree, state.Updates, air.TraceLength).Trace;
        return air is CombinedAir both
            ? TraceTable.SideBySide(stateTrace, SchnorrSignaturesTrace.Build((SchnorrSignaturesAir)both.Right))
            : stateTrace;
    }
}
