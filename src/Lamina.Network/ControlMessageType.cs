namespace Lamina.Network;

/// <summary>The first byte of every channel-0 payload.</summary>
public enum ControlMessageType : byte
{
    Hello = 1,
    Auth = 2,
    Ping = 3,
    Pong = 4,
}
