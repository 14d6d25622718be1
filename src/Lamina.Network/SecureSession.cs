namespace Lamina.Network;

/// <summary>
/// The encrypted session a handshake established: one <see cref="FrameCipher"/> per direction, keyed from the X25519
/// exchange and bound to the handshake transcript. Every frame after the handshake goes through it.
/// </summary>
public sealed class SecureSession : IDisposable
{
    internal SecureSession(ReadOnlySpan<byte> sendKey, ReadOnlySpan<byte> receiveKey, ulong firstCounter = 0)
    {
        Send = new FrameCipher(sendKey, firstCounter);
        Receive = new FrameCipher(receiveKey, firstCounter);
    }

    /// <summary>Seals what this side sends; used only by the connection's writer.</summary>
    public FrameCipher Send { get; }

    /// <summary>Opens what the peer sends; used only by the connection's reader.</summary>
    public FrameCipher Receive { get; }

    public void Dispose()
    {
        Send.Dispose();
        Receive.Dispose();
    }
}
