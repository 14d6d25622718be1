namespace Lamina.Node.Modules;

/// <summary>A peer-to-peer channel a module owns: its number on the wire, a name for errors, and its largest payload.</summary>
public sealed record PeerChannel(byte Id, string Name, int MaxPayload);
