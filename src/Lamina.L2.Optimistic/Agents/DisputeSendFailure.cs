namespace Lamina.L2.Optimistic.Agents;

/// <summary>Why a dispute transaction did not land, so an agent can tell a move to drop from one to try again.</summary>
public enum DisputeSendFailure
{
    /// <summary>The node refused it on submission (its admission rules: fee, nonce, balance, or the module's own check).</summary>
    Refused,

    /// <summary>
    /// Accepted, then left out: the blocks went on without it (L1 leaves a move the game refuses, such as a duplicate
    /// claim or one after its clock ran out, out of its block) or the node forgot it. It is not included.
    /// </summary>
    Dropped,

    /// <summary>Still pending when the wait ran out: it may yet land, and a later send at its nonce replaces it.</summary>
    TimedOut,
}
