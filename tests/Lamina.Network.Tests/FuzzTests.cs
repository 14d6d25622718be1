using CsCheck;

namespace Lamina.Network.Tests;

/// <summary>Decoders fed random bytes may only answer with a frame or a typed <see cref="PeerProtocolException"/>.</summary>
public sealed class FuzzTests
{
    private static readonly ChannelLimits Limits = new ChannelLimits().Set(1, 64).Set(2, 4096).Set(3, 16);

    [Fact]
    public void Frame_reader_on_random_bytes_only_throws_typed_errors()
    {
        // Biased first bytes make short, plausible lengths common, so the payload path is exercised, not just the header.
        var gen = Gen.Select(Gen.Byte[0, 3], Gen.Byte.Array[0, 200]).Select((channel, tail) =>
        {
            byte[] bytes = [0, 0, 0, (byte)(tail.Length > 0 ? tail[0] % 40 : 0), channel, .. tail];
            return bytes;
        });
        Gen.OneOf(gen, Gen.Byte.Array[0, 300]).Sample(bytes =>
        {
            var reader = new FrameReader(new MemoryStream(bytes), Limits);
            try
            {
                var frames = 0;
                while (reader.ReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult() is { } frame)
                {
                    Assert.InRange(frame.Payload.Length, 1, Limits.MaxPayload(frame.Channel));
                    frames++;
                }
                Assert.True(frames <= bytes.Length / FrameCodec.HeaderSize);
            }
            catch (PeerProtocolException)
            {
            }
        }, iter: 10_000);
    }

    [Fact]
    public void Sealed_frame_reader_on_mutated_frames_only_throws_typed_errors_and_never_opens_a_forgery()
    {
        // Three genuine sealed frames (one above the libsodium/OpenSSL threshold), then one random byte changed,
        // inserted or cut. Whatever opens must be a prefix of the genuine frames; everything else is a typed refusal.
        var key = Enumerable.Range(7, 32).Select(i => (byte)i).ToArray();
        var payloads = new[] { new byte[] { 1 }, new byte[12], Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray() };
        var limits = new ChannelLimits().Set(1, 64).Set(2, 4096).Set(3, 16);
        byte[] genuine;
        using (var sender = new FrameCipher(key))
        {
            genuine = [.. sender.SealFrame(3, payloads[0]), .. sender.SealFrame(1, payloads[1]), .. sender.SealFrame(2, payloads[2])];
        }
        Gen.Select(Gen.Int[0, genuine.Length - 1], Gen.Byte, Gen.Int[0, 2]).Sample((at, value, how) =>
        {
            byte[] bytes = how switch
            {
                0 => [.. genuine[..at], value, .. genuine[(at + 1)..]],
                1 => [.. genuine[..at], value, .. genuine[at..]],
                _ => [.. genuine[..at], .. genuine[(at + 1)..]],
            };
            if (bytes.AsSpan().SequenceEqual(genuine)) return;
            using var receiver = new FrameCipher(key);
            var reader = new FrameReader(new MemoryStream(bytes), limits, receiver);
            var opened = 0;
            try
            {
                while (reader.ReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult() is { } frame)
                {
                    Assert.Equal(payloads[opened], frame.Payload.ToArray());
                    opened++;
                }
                Assert.Fail("a changed stream was read to the end");
            }
            catch (PeerProtocolException)
            {
            }
            Assert.True(opened < payloads.Length);
        }, iter: 10_000);
    }

    [Fact]
    public void Control_and_envelope_decoders_on_random_bytes_only_throw_typed_errors()
    {
        Gen.Byte.Array[0, 160].Sample(bytes =>
        {
            if (bytes.Length > 0) bytes[0] = (byte)(bytes[0] % 4);
            try
            {
                Hello.Decode(bytes);
            }
            catch (PeerProtocolException)
            {
            }
            try
            {
                Auth.Decode(bytes);
            }
            catch (PeerProtocolException)
            {
            }
            try
            {
                RequestEnvelope.Decode(bytes);
            }
            catch (PeerProtocolException)
            {
            }
        }, iter: 10_000);
    }
}
