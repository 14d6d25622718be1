namespace Lamina.DataAvailability.Coding;

/// <summary>A row or a column of the extended square.</summary>
public enum Axis : byte
{
    Row = 0,
    Column = 1,
}
