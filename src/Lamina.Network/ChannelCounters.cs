namespace Lamina.Network;

/// <summary>A snapshot of one channel's traffic. Bytes are wire bytes (5-byte frame header included).</summary>
public readonly record struct ChannelCounters(long MessagesIn, long BytesIn, long MessagesOut, long BytesOut);
