namespace Lamina.DataAvailability.Coding;

/// <summary>A repaired row or column does not hash to the root the header commits to: the square was badly encoded.</summary>
public sealed class BadEncodingException(Axis axis, int index)
    : Exception($"{axis} {index} does not match its committed root after repair")
{
    public Axis Axis { get; } = axis;
    public int Index { get; } = index;
}
