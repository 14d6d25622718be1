using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.Consensus.Tests;

/// <summary>A fixed set of validator keys (seed i = 32 bytes of value i+1) and helpers to sign as any of them.</summary>
internal sealed class TestKeys
{
    public const string ChainId = "lamina-test";

    public TestKeys(params ulong[] powers)
    {
        Keys = powers.Select((_, i) => SigningKey.FromSeed(Enumerable.Repeat((byte)(i + 1), 32).ToArray())).ToArray();
        Set = new ValidatorSet(Keys.Select((k, i) => new Validator(k.PublicKey, powers[i])));
    }

    public SigningKey[] Keys { get; }
    public ValidatorSet Set { get; }

    public SigningKey KeyOf(Address address) => Keys.Single(k => k.Address == address);

    public Vote Vote(int i, VoteType type, ulong height, uint round, Hash256 blockId)
        => Consensus.Vote.Create(ChainId, type, height, round, blockId, Keys[i]);

    public Proposal Proposal(ulong height, uint round, long polRound, Hash256 blockId)
        => Consensus.Proposal.Create(ChainId, height, round, polRound, blockId, KeyOf(Set.GetProposer(height, round).Address));

    public static Hash256 Block(byte b) => new(Enumerable.Repeat(b, 32).ToArray());

    public static TimeoutConfig Timeouts { get; } = new(
        TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(100),
        TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(50),
        TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(50));

    public TendermintStateMachine Machine(int index, ISignerStateStore? store = null)
        => new(ChainId, new ConsensusConfig(Timeouts), index < 0 ? null : new DoubleSignGuard(Keys[index], store ?? new InMemorySignerStateStore()));
}
