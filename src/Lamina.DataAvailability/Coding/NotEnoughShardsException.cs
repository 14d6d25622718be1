namespace Lamina.DataAvailability.Coding;

/// <summary>Fewer than k of a codeword's 2k shards are present, so it cannot be decoded.</summary>
public sealed class NotEnoughShardsException(int present, int needed)
    : Exception($"{present} shards are present, at least {needed} are needed to decode")
{
    public int Present { get; } = present;
    public int Needed { get; } = needed;
}
