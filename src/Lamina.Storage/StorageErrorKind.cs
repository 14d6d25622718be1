namespace Lamina.Storage;

/// <summary>Why a storage operation failed, so callers (the node, the CLI) can react without parsing messages.</summary>
public enum StorageErrorKind
{
    /// <summary>Anything not covered below; the message carries the native detail.</summary>
    Unknown = 0,
    /// <summary>Another process (or another store in this process) holds the database lock.</summary>
    Locked,
    /// <summary>The on-disk data failed a consistency or checksum check.</summary>
    Corrupted,
    /// <summary>The process may not read or write the directory.</summary>
    AccessDenied,
    /// <summary>The disk is full.</summary>
    DiskFull,
    /// <summary>Another I/O failure.</summary>
    Io,
    /// <summary>The native RocksDB library could not be loaded on this platform.</summary>
    NativeLibraryMissing,
}
