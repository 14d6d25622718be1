namespace Lamina.Network.Tests;

public sealed class FrameCodecTests
{
    private static readonly ChannelLimits Limits = ChannelLimits.Default();

    private static async Task<List<Frame>> ReadAll(byte[] bytes, ChannelLimits? limits = null)
    {
        var reader = new FrameReader(new MemoryStream(bytes), limits ?? Limits);
        var frames = new List<Frame>();
        while (await reader.ReadAsync(CancellationToken.None) is { } frame) frames.Add(frame);
        return frames;
    }

    [Fact]
    public async Task Frames_round_trip_on_every_channel_at_their_limits()
    {
        var stream = new MemoryStream();
        var sent = new List<(byte, byte[])>();
        foreach (var channel in new byte[] { 1, 2, 3, 4, 5 })
        {
            foreach (var size in new[] { 1, 100, Limits.MaxPayload(channel) })
            {
                var payload = new byte[size];
                new Random(channel * 1000 + size).NextBytes(payload);
                sent.Add((channel, payload));
                stream.Write(FrameCodec.Encode(channel, payload));
            }
        }
        var frames = await ReadAll(stream.ToArray());
        Assert.Equal(sent.Count, frames.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            Assert.Equal(sent[i].Item1, frames[i].Channel);
            Assert.Equal(sent[i].Item2, frames[i].Payload.ToArray());
        }
    }

    [Fact]
    public async Task Oversize_length_is_refused_from_the_header_alone()
    {
        // Only the 5 header bytes exist: had the reader allocated first, it would report truncation instead.
        byte[] header = [0xff, 0xff, 0xff, 0xff, ChannelIds.Votes];
        var e = await Assert.ThrowsAsync<PeerProtocolException>(() => ReadAll(header));
        Assert.Equal(ProtocolViolation.OversizeFrame, e.Reason);

        var justOver = FrameCodec.Encode(ChannelIds.Votes, new byte[64 * 1024 + 1]);
        e = await Assert.ThrowsAsync<PeerProtocolException>(() => ReadAll(justOver));
        Assert.Equal(ProtocolViolation.OversizeFrame, e.Reason);
    }

    [Fact]
    public async Task Empty_unknown_and_truncated_frames_are_refused_with_their_reason()
    {
        var e = await Assert.ThrowsAsync<PeerProtocolException>(() => ReadAll([0, 0, 0, 0, ChannelIds.Votes]));
        Assert.Equal(ProtocolViolation.EmptyFrame, e.Reason);

        e = await Assert.ThrowsAsync<PeerProtocolException>(() => ReadAll([0, 0, 0, 1, 99, 7]));
        Assert.Equal(ProtocolViolation.UnknownChannel, e.Reason);

        e = await Assert.ThrowsAsync<PeerProtocolException>(() => ReadAll([0, 0, 0, 10, ChannelIds.Votes, 1, 2]));
        Assert.Equal(ProtocolViolation.TruncatedFrame, e.Reason);

        e = await Assert.ThrowsAsync<PeerProtocolException>(() => ReadAll([0, 0]));
        Assert.Equal(ProtocolViolation.TruncatedFrame, e.Reason);

        Assert.Empty(await ReadAll([]));
    }

    [Fact]
    public void Channel_table_is_configurable_and_guards_channel_zero()
    {
        var limits = new ChannelLimits().Set(9, 10);
        Assert.True(limits.IsKnown(9));
        Assert.False(limits.IsKnown(1));
        Assert.Equal(ChannelLimits.ControlLimit, limits.MaxPayload(ChannelIds.Control));
        Assert.Throws<ArgumentException>(() => limits.Set(ChannelIds.Control, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.Set(9, ChannelLimits.AbsoluteMax + 1));
        Assert.Throws<ArgumentException>(() => FrameCodec.CheckOutgoing(9, 11, limits));
        Assert.Throws<ArgumentException>(() => FrameCodec.CheckOutgoing(9, 0, limits));
        Assert.Throws<ArgumentException>(() => FrameCodec.CheckOutgoing(8, 1, limits));
        FrameCodec.CheckOutgoing(9, 10, limits);
    }

    [Fact]
    public void Request_envelope_round_trips_and_refuses_short_or_unknown()
    {
        var payload = RequestEnvelope.Encode(RequestEnvelope.Kind.Response, 0x0102030405060708, [9, 9]);
        Assert.Equal("010102030405060708" + "0909", Convert.ToHexStringLower(payload));
        var (kind, id, body) = RequestEnvelope.Decode(payload);
        Assert.Equal(RequestEnvelope.Kind.Response, kind);
        Assert.Equal(0x0102030405060708UL, id);
        Assert.Equal(new byte[] { 9, 9 }, body.ToArray());
        Assert.Equal(ProtocolViolation.MalformedMessage, Assert.Throws<PeerProtocolException>(() => RequestEnvelope.Decode(new byte[8])).Reason);
        var bad = (byte[])payload.Clone();
        bad[0] = 3;
        Assert.Equal(ProtocolViolation.MalformedMessage, Assert.Throws<PeerProtocolException>(() => RequestEnvelope.Decode(bad)).Reason);
    }
}
