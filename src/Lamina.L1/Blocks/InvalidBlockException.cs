namespace Lamina.L1.Blocks;

/// <summary>A block broke a rule; <see cref="Error"/> says which one.</summary>
public sealed class InvalidBlockException(BlockError error, string message) : Exception(message)
{
    public BlockError Error { get; } = error;
}
