using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Lamina.Network.Tests;

/// <summary>
/// Loopback throughput between two nodes, printed for docs/network.md. Timing is reported, never asserted: the
/// machine is shared. Run with: dotnet test --filter ThroughputTests --logger "console;verbosity=detailed".
/// </summary>
public sealed class ThroughputTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(256, ChannelIds.Transactions, 16_384)]
    [InlineData(64 * 1024, ChannelIds.BlockParts, 256)]
    public async Task Loopback_throughput_between_two_nodes(int payloadSize, byte channel, int window)
    {
        var options = new P2POptions
        {
            ChainId = TestNet.ChainId,
            ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            MaxInboundMessagesPerSecond = 0, // measuring the transport, not the spam limit
            SendQueueCapacity = window * 2,
        };
        await using var sender = await TestNet.StartAsync(1, options);
        await using var receiver = await TestNet.StartAsync(2, options);
        // Flow control for the benchmark only: at most `window` messages in flight, so the queue never overflows.
        using var credits = new SemaphoreSlim(window);
        long received = 0;
        receiver.RegisterHandler(channel, (_, _) =>
        {
            Interlocked.Increment(ref received);
            credits.Release();
            return ValueTask.CompletedTask;
        });
        await sender.ConnectAsync(TestNet.EndPoint(receiver));
        await TestNet.WaitUntil(() => receiver.Peers.Count == 1, "connected");

        var payload = new byte[payloadSize];
        new Random(1).NextBytes(payload);
        var measure = TimeSpan.FromSeconds(2);
        long sent = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < measure)
        {
            await credits.WaitAsync();
            Assert.True(sender.Send(receiver.Id, channel, payload));
            sent++;
        }
        await TestNet.WaitUntil(() => Interlocked.Read(ref received) == sent, "all delivered", 30_000);
        var seconds = sw.Elapsed.TotalSeconds;

        var rate = sent / seconds;
        var mbPerSecond = sent * (double)payloadSize / seconds / 1e6;
        output.WriteLine($"payload {payloadSize,6} B: {sent} messages in {seconds:F2} s = {rate:N0} msg/s, {mbPerSecond:N1} MB/s (payload bytes), {Environment.ProcessorCount} cores");
        Assert.Equal(sent, receiver.Metrics.Channel(channel).MessagesIn);
    }
}
