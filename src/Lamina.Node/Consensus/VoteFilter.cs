using Lamina.Consensus;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Network;

namespace Lamina.Node.Consensus;

/// <summary>
/// Filters peers' votes before they reach the WAL and the machine: stale, far-future, duplicate, non-member and badly
/// signed votes are dropped here, so a peer flooding junk costs this node a hash and a lookup per message rather
/// than a log write, and cannot stall the height.
/// </summary>
internal sealed class VoteFilter(IPeerNetwork net, string chainId, ISignatureVerifier? verifier)
{
    /// <summary>Repeats and stale votes allowed per peer and height before they count as spam.</summary>
    public const int JunkAllowance = 5_000;
    private const int MaxSeen = 100_000;
    private static readonly DomainTag VoteDigestTag = new("lamina/node/seen-vote");
    private readonly HashSet<Hash256> _seen = []; // lookup only
    private readonly Dictionary<PeerId, int> _junk = []; // lookup only
    private ulong _seenHeight;

    public enum Verdict
    {
        Useful,
        Dropped,
        /// <summary>The vote is for a height past the next one: the sender is ahead, and block sync should run.</summary>
        PeerAhead,
    }

    public Verdict Check(PeerId from, Vote vote, ReadOnlySpan<byte> encoded, TendermintStateMachine machine)
    {
        var height = machine.Height;
        if (vote.Height > height + 1) return Verdict.PeerAhead;
        if (_seenHeight != height)
        {
            _seen.Clear();
            _junk.Clear();
            _seenHeight = height;
        }
        if (vote.Height + 1 < height || (vote.Height + 1 == height && vote.Type != VoteType.Precommit))
        {
            CountJunk(from);
            return Verdict.Dropped;
        }
        if (_seen.Count > MaxSeen) _seen.Clear();
        if (!_seen.Add(DomainHasher.Hash(VoteDigestTag, encoded)))
        {
            CountJunk(from);
            return Verdict.Dropped;
        }
        var validators = machine.Validators;
        if (validators is null) return Verdict.Useful;
        var member = validators.Find(vote.Validator);
        if (member is null)
        {
            // At this height the set is known exactly: a vote from outside it is invalid. Next-height sets may differ.
            if (vote.Height == height) net.ReportMisbehavior(from, Misbehavior.Invalid, $"vote from non-validator {vote.Validator}");
            return Verdict.Dropped;
        }
        if (vote.Height == height && !vote.VerifySignature(chainId, member.PublicKey, verifier))
        {
            net.ReportMisbehavior(from, Misbehavior.Invalid, $"vote with a bad signature for {vote.Validator}");
            return Verdict.Dropped;
        }
        return Verdict.Useful;
    }

    /// <summary>
    /// Repeats and stale votes are normal in small numbers (re-gossip while a height stalls, a lagging peer); past a
    /// generous allowance per height they are spam, and the peer is scored until it is banned.
    /// </summary>
    private void CountJunk(PeerId from)
    {
        var count = _junk.GetValueOrDefault(from) + 1;
        _junk[from] = count;
        if (count > JunkAllowance) net.ReportMisbehavior(from, Misbehavior.Spam, "repeated or stale votes");
    }
}
