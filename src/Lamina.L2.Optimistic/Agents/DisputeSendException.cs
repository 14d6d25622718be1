using Lamina.Core;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>A dispute transaction that did not land, with the reason (<see cref="DisputeSendFailure"/>) and its hash when it was signed.</summary>
public sealed class DisputeSendException(DisputeSendFailure failure, Hash256? transaction, string message, Exception? inner = null) : Exception(message, inner)
{
    public DisputeSendFailure Failure { get; } = failure;

    public Hash256? Transaction { get; } = transaction;
}
