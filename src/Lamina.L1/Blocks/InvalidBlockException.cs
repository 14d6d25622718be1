namespace Lamina.L1.Blocks;

/// <summary>A block broke a rule; <see cref="Error"/> says which one.</summary>
public sealed class InvalidBlockException(BlockError error, string message) : Exception(message)
{
    public BlockError Error { get; } = error;

    /// <summary>
    /// Execution refused a block whose commit verified and whose body matched its header: the chain's validators
    /// accepted it, so this node's state (or software) disagrees with theirs. The peer that served it relayed the
    /// committed chain and is not at fault; only this node's operator can act on it.
    /// </summary>
    public bool CommittedBlockRefused { get; init; }
}
