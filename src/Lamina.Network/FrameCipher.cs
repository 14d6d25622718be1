using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using NSec.Cryptography;

namespace Lamina.Network;

/// <summary>
/// One direction of an encrypted session: a ChaCha20-Poly1305 key and the 64-bit counter that makes every nonce
/// unique. A sealed frame is <c>header[5] ‖ ciphertext[length] ‖ tag[16]</c>: the header stays in the clear so the
/// per-channel size limit is still checked before anything is allocated, and it is the AEAD's associated data, so a
/// changed length or channel fails the tag like a changed payload.
/// </summary>
/// <remarks>
/// The nonce is never sent: both sides count frames, so a replayed, dropped or reordered frame is opened under the
/// wrong nonce and refused. Not thread-safe; each direction has one user (the send loop, the receive loop).
/// <para>
/// Two implementations of the same AEAD (RFC 8439; identical bytes): libsodium (NSec) for small frames, where its low
/// per-call overhead wins, and OpenSSL (<see cref="System.Security.Cryptography.ChaCha20Poly1305"/>) from
/// <see cref="LargeFrameThreshold"/> on, where its wider vector code wins. Measured per seal on the 2-core dev machine:
/// 256 B 480 ns vs 990 ns, 2 KiB 1.55 µs vs 1.38 µs, 64 KiB 42 µs vs 18 µs.
/// </para>
/// </remarks>
public sealed class FrameCipher : IDisposable
{
    public const int TagSize = 16;
    public const int NonceSize = 12;

    /// <summary>Payloads from this size on go through OpenSSL; smaller ones through libsodium (the crossover measured above).</summary>
    public const int LargeFrameThreshold = 2048;

    private static readonly AeadAlgorithm Aead = AeadAlgorithm.ChaCha20Poly1305;

    private readonly Key _key;
    private readonly System.Security.Cryptography.ChaCha20Poly1305? _large;

    /// <summary>libsodium wants ciphertext ‖ tag in one span; small frames are put together here to open them.</summary>
    private readonly byte[] _joined = new byte[LargeFrameThreshold + TagSize];

    private ulong _counter;

    /// <summary>
    /// A cipher under <paramref name="key"/> whose counter starts at zero. Sessions get theirs from the handshake;
    /// this is for tools and fuzzing, which need a cipher with a known key.
    /// </summary>
    public FrameCipher(ReadOnlySpan<byte> key)
        : this(key, 0)
    {
    }

    /// <summary><paramref name="firstCounter"/> is for tests that need to reach the end of the counter.</summary>
    internal FrameCipher(ReadOnlySpan<byte> key, ulong firstCounter, bool useOpenSsl = true)
    {
        if (key.Length != SessionKeys.KeySize) throw new ArgumentException($"a session key is {SessionKeys.KeySize} bytes", nameof(key));
        _key = Key.Import(Aead, key, KeyBlobFormat.RawSymmetricKey);
        // Where the platform's crypto library has no ChaCha20-Poly1305, libsodium does every size.
        _large = useOpenSsl && System.Security.Cryptography.ChaCha20Poly1305.IsSupported ? new System.Security.Cryptography.ChaCha20Poly1305(key) : null;
        _counter = firstCounter;
    }

    /// <summary>The counter the next frame will use (= frames sealed or opened so far, from zero).</summary>
    public ulong NextCounter => _counter;

    /// <summary>
    /// Seals <paramref name="payload"/> into <paramref name="destination"/> (ciphertext ‖ tag, payload length +
    /// <see cref="TagSize"/>), authenticating <paramref name="header"/> with it. Throws
    /// <see cref="PeerProtocolException"/> (<see cref="ProtocolViolation.NonceExhausted"/>) rather than ever reuse a nonce.
    /// </summary>
    public void Seal(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        TakeNonce(nonce);
        if (_large is not null && payload.Length >= LargeFrameThreshold)
        {
            _large.Encrypt(nonce, payload, destination[..payload.Length], destination.Slice(payload.Length, TagSize), header);
            return;
        }
        Aead.Encrypt(_key, nonce, header, payload, destination[..(payload.Length + TagSize)]);
    }

    /// <summary>
    /// Opens <paramref name="ciphertext"/> with its <paramref name="tag"/> into <paramref name="payload"/> (same length;
    /// it may be the ciphertext's own buffer, to decrypt in place). Throws <see cref="PeerProtocolException"/> with
    /// <see cref="ProtocolViolation.Decryption"/> when the tag does not verify.
    /// </summary>
    public void Open(ReadOnlySpan<byte> header, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> payload)
    {
        if (tag.Length != TagSize || payload.Length != ciphertext.Length) throw new ArgumentException("a tag is 16 bytes and the payload as long as the ciphertext");
        Span<byte> nonce = stackalloc byte[NonceSize];
        var counter = _counter;
        TakeNonce(nonce);
        bool opened;
        if (_large is not null && ciphertext.Length >= LargeFrameThreshold)
        {
            try
            {
                _large.Decrypt(nonce, ciphertext, tag, payload, header);
                opened = true;
            }
            catch (AuthenticationTagMismatchException)
            {
                opened = false;
            }
        }
        else
        {
            var length = ciphertext.Length + TagSize;
            var rented = length > _joined.Length ? ArrayPool<byte>.Shared.Rent(length) : null;
            var joined = (rented ?? _joined).AsSpan(0, length);
            ciphertext.CopyTo(joined);
            tag.CopyTo(joined[ciphertext.Length..]);
            opened = Aead.Decrypt(_key, nonce, header, joined, payload);
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
        if (!opened)
        {
            throw new PeerProtocolException(ProtocolViolation.Decryption, $"frame {counter} does not authenticate (tampered, replayed, reordered or not from this session)");
        }
    }

    /// <summary>
    /// Seals a plaintext frame as <see cref="FrameCodec.Encode"/> made it (<c>header ‖ payload</c>) into
    /// <paramref name="destination"/>; returns the bytes written (frame length + <see cref="TagSize"/>).
    /// </summary>
    public int SealFrame(ReadOnlySpan<byte> frame, Span<byte> destination)
    {
        if (frame.Length <= FrameCodec.HeaderSize || BinaryPrimitives.ReadUInt32BigEndian(frame) != (uint)(frame.Length - FrameCodec.HeaderSize))
        {
            throw new ArgumentException("not a whole encoded frame", nameof(frame));
        }
        var header = frame[..FrameCodec.HeaderSize];
        header.CopyTo(destination);
        Seal(header, frame[FrameCodec.HeaderSize..], destination[FrameCodec.HeaderSize..]);
        return frame.Length + TagSize;
    }

    /// <summary>Encodes and seals one frame into a new array (tools and tests; the send loop seals into its batch buffer).</summary>
    public byte[] SealFrame(byte channel, ReadOnlySpan<byte> payload)
    {
        var plain = FrameCodec.Encode(channel, payload);
        var sealedFrame = new byte[plain.Length + TagSize];
        SealFrame(plain, sealedFrame);
        return sealedFrame;
    }

    /// <summary>nonce = 0x00000000 ‖ u64 big-endian counter; the counter then moves on, so no nonce is used twice.</summary>
    private void TakeNonce(Span<byte> nonce)
    {
        if (_counter == ulong.MaxValue) throw new PeerProtocolException(ProtocolViolation.NonceExhausted, "the session has used all 2^64 − 1 nonces");
        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], _counter);
        _counter++;
    }

    public void Dispose()
    {
        _key.Dispose();
        _large?.Dispose();
    }
}
