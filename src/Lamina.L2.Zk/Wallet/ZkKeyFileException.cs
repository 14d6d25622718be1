namespace Lamina.L2.Zk.Wallet;

/// <summary>A ZK key file could not be read or written.</summary>
public sealed class ZkKeyFileException(string message, Exception? inner = null) : Exception(message, inner);
