namespace Lamina.Network;

/// <summary>One decoded message: the channel it came on and its payload (owned by the receiver, never pooled).</summary>
public readonly record struct Frame(byte Channel, ReadOnlyMemory<byte> Payload);
