namespace Lamina.L2.Zk.Rebuild;

/// <summary>Why the state could not be rebuilt from L1 and DA.</summary>
public enum ZkRebuildError
{
    MissingBatch = 1,
    MalformedPubdata = 2,
    RootMismatch = 3,
}
