namespace Lamina.L1.Chain;

/// <summary>The data directory holds something this node did not write; restore it from a backup or resync.</summary>
public sealed class CorruptStoreException(string message)
    : Exception($"{message}; the data directory is damaged — stop the node and restore or wipe it (lamina devnet --fresh)");
