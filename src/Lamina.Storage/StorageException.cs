namespace Lamina.Storage;

/// <summary>
/// A failure of the storage layer (opening, reading or writing the database), with a message that tells
/// the operator what to do and a <see cref="Kind"/> that code can switch on.
/// </summary>
public sealed class StorageException : Exception
{
    public StorageException(StorageErrorKind kind, string message, string? path = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Path = path;
    }

    public StorageErrorKind Kind { get; }

    /// <summary>The database directory involved, when known.</summary>
    public string? Path { get; }
}
