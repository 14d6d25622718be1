using Lamina.Core;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// A journaled pending transaction a restarted sequencer did not re-admit, because it no longer applied on the state
/// it restarted on: <paramref name="Error"/> is the state machine's typed reason (<c>FeeTooLow</c> when L1's blob fee
/// rose, <c>BadNonce</c> for a later transaction of a sender whose earlier one was dropped, …) and
/// <paramref name="Reason"/> its sentence.
/// </summary>
public sealed record DroppedPendingTransaction(ulong Sequence, Hash256 Hash, Address Sender, ulong Nonce, string Error, string Reason);
