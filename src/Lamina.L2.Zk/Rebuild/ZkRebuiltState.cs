using Lamina.L2.Zk.State;

namespace Lamina.L2.Zk.Rebuild;

/// <summary>A rebuilt state: the state after <see cref="Batches"/> proven batches (0 to Batches − 1), read at L1 height <see cref="L1Height"/>.</summary>
public sealed record ZkRebuiltState(ZkState State, ulong Batches, ulong L1Height);
