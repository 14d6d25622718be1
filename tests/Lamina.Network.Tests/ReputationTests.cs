using System.Net;

namespace Lamina.Network.Tests;

public sealed class ReputationTests
{
    [Fact]
    public void Bans_expire_on_the_injected_clock()
    {
        var time = new ManualTimeProvider();
        var bans = new BanList(time);
        var peer = new PeerId(TestNet.Key(1).Address);
        bans.Ban(peer, TimeSpan.FromMinutes(10));
        bans.Ban(IPAddress.Parse("10.0.0.7"), TimeSpan.FromMinutes(5));
        Assert.True(bans.IsBanned(peer));
        Assert.True(bans.IsBanned(IPAddress.Parse("::ffff:10.0.0.7")));
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(bans.IsBanned(IPAddress.Parse("10.0.0.7")));
        Assert.True(bans.IsBanned(peer));
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(bans.IsBanned(peer));
    }

    [Fact]
    public void Scores_add_up_and_decay_linearly()
    {
        var time = new ManualTimeProvider();
        var scores = new PeerScores<string>(time, decayPerSecond: 1);
        Assert.Equal(30, scores.Add("p", 30));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(20, scores.Get("p"), 6);
        Assert.Equal(45, scores.Add("p", 25), 6);
        time.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal(0, scores.Get("p"));
    }

    [Fact]
    public void Token_bucket_allows_a_burst_then_the_rate()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucket(time, ratePerSecond: 10);
        var taken = 0;
        while (bucket.TryTake()) taken++;
        Assert.Equal(20, taken);
        time.Advance(TimeSpan.FromMilliseconds(500));
        taken = 0;
        while (bucket.TryTake()) taken++;
        Assert.Equal(5, taken);
    }

    [Fact]
    public void Gossip_seen_set_suppresses_repeats_and_evicts_oldest_first()
    {
        var seen = new GossipSeenSet(3);
        Assert.True(seen.TryMarkSeen(1, [1]));
        Assert.False(seen.TryMarkSeen(1, [1]));
        Assert.True(seen.TryMarkSeen(3, [1])); // same bytes, other channel: another message
        Assert.True(seen.TryMarkSeen(1, [2]));
        Assert.True(seen.TryMarkSeen(1, [3])); // evicts (1,[1])
        Assert.Equal(3, seen.Count);
        Assert.False(seen.Contains(GossipSeenSet.KeyOf(1, [1])));
        Assert.True(seen.TryMarkSeen(1, [1]));
        Assert.False(seen.TryMarkSeen(1, [3]));
    }

    [Fact]
    public void Reconnect_backoff_doubles_and_is_capped()
    {
        var node = new P2PNode(TestNet.Options(), TestNet.Key(1));
        Assert.Equal(TimeSpan.FromMilliseconds(50), node.Backoff(0));
        Assert.Equal(TimeSpan.FromMilliseconds(100), node.Backoff(1));
        Assert.Equal(TimeSpan.FromMilliseconds(400), node.Backoff(3));
        Assert.Equal(TimeSpan.FromMilliseconds(400), node.Backoff(1000));
    }
}
