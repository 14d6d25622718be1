namespace Lamina.L2.Optimistic.Derivation;

/// <summary>
/// One frame of a channel derivation read, as L1 recorded it: the blob's location (null when the L1 source did not
/// say) and its bytes (the same array derivation was given, not a copy).
/// </summary>
public sealed record ChannelSourceFrame(BatchBlobLocation? Location, byte[] Data);

/// <summary>A channel the bank completed: its assembled bytes and the frames it was assembled from, in arrival order.</summary>
public sealed record CompletedChannel(byte[] Bytes, IReadOnlyList<ChannelSourceFrame> Frames);
