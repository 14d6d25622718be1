namespace Lamina.Storage;

/// <summary>
/// Turns RocksDB's status strings ("IO error: While lock file: …", "Corruption: …") into typed
/// <see cref="StorageException"/>s whose messages tell an operator what to do next.
/// </summary>
internal static class RocksDbErrors
{
    public static StorageException Translate(Exception ex, string? path, string action)
    {
        string native = ex.Message.TrimEnd('.', ' ');
        string where = path is null ? "the database" : $"the database at '{path}'";

        if (ex is DllNotFoundException or BadImageFormatException or NativeImport.NativeLoadException or EntryPointNotFoundException)
        {
            return new StorageException(StorageErrorKind.NativeLibraryMissing,
                $"The native RocksDB library could not be loaded ({native}). Lamina ships it for linux-x64, osx and win-x64; " +
                "on another platform install librocksdb or run a supported build.", path, ex);
        }
        // Another process: "IO error: While lock file: DIR/LOCK: Resource temporarily unavailable".
        // This process: "IO error: lock hold by current process, … DIR/LOCK: No locks available".
        if (native.Contains("/LOCK:", StringComparison.Ordinal) || native.Contains("\\LOCK:", StringComparison.Ordinal)
            || native.Contains("lock file", StringComparison.OrdinalIgnoreCase) || native.Contains("lock hold", StringComparison.OrdinalIgnoreCase))
        {
            return new StorageException(StorageErrorKind.Locked,
                $"Another lamina node is already using '{path}' (its LOCK file is held); stop it or choose another --home. [{native}]",
                path, ex);
        }
        if (native.StartsWith("Corruption", StringComparison.OrdinalIgnoreCase))
        {
            return new StorageException(StorageErrorKind.Corrupted,
                $"{Capitalize(where)} is corrupted ({action}): {native}. Restore it from a backup, or move it aside and resync into an empty --home.",
                path, ex);
        }
        if (native.Contains("Permission denied", StringComparison.OrdinalIgnoreCase) || ex is UnauthorizedAccessException)
        {
            return new StorageException(StorageErrorKind.AccessDenied,
                $"No permission to use {where} ({action}): {native}. Fix the directory's ownership/permissions or choose another --home.",
                path, ex);
        }
        if (native.Contains("No space left", StringComparison.OrdinalIgnoreCase))
        {
            return new StorageException(StorageErrorKind.DiskFull,
                $"The disk holding {where} is full ({action}). Free space, then restart the node.", path, ex);
        }
        if (native.StartsWith("IO error", StringComparison.OrdinalIgnoreCase) || ex is IOException)
        {
            return new StorageException(StorageErrorKind.Io,
                $"I/O error {action} {where}: {native}. Check the disk and the --home directory.", path, ex);
        }
        return new StorageException(StorageErrorKind.Unknown, $"RocksDB failed {action} {where}: {native}", path, ex);
    }

    private static string Capitalize(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
