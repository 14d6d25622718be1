namespace Lamina.Core.Codec;

/// <summary>
/// A decoder refused its input. <see cref="Error"/> says which rule was broken, <see cref="Offset"/> where.
/// </summary>
public sealed class CodecException : Exception
{
    public CodecException(CodecError error, string message, int offset = -1)
        : base(offset >= 0 ? $"{message} (at byte {offset})" : message)
    {
        Error = error;
        Offset = offset;
    }

    public CodecError Error { get; }
    public int Offset { get; }
}
