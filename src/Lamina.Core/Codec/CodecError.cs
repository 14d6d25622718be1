namespace Lamina.Core.Codec;

/// <summary>Why a byte string was not a canonical encoding.</summary>
public enum CodecError
{
    Truncated,
    TrailingBytes,
    NonCanonical,
    Oversize,
    UnknownVersion,
    UnknownKind,
    InvalidValue,
}
