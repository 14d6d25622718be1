namespace Lamina.Consensus;

/// <summary>Makes a rename durable: on Linux the directory entry itself must be fsynced after the rename.</summary>
internal static class DurableDirectory
{
    public static void Sync(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return; // Windows renames are journaled by NTFS.
        try
        {
            using var handle = File.OpenHandle(directory, FileMode.Open, FileAccess.Read);
            RandomAccess.FlushToDisk(handle);
        }
        catch (UnauthorizedAccessException)
        {
            // Some file systems refuse to open directories; the file data itself is already synced.
        }
    }
}
