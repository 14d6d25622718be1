using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.Consensus;

/// <summary>
/// The validators of a height, sorted by address so the set (and its hash in every header) is canonical.
/// Also answers who proposes at (height, round): see <see cref="GetProposer"/>.
/// </summary>
public sealed class ValidatorSet : ICanonical<ValidatorSet>
{
    public const int MaxValidators = 1_000;
    private readonly Validator[] _validators;
    // Lookup only (never iterated), so its hash-order is irrelevant to determinism.
    private readonly Dictionary<Address, int> _index;
    private readonly ProposerSchedule _schedule;

    public ValidatorSet(IEnumerable<Validator> validators)
    {
        var list = validators.ToArray();
        if (list.Length == 0) throw new ArgumentException("a validator set needs at least one validator");
        if (list.Length > MaxValidators) throw new ArgumentException($"at most {MaxValidators} validators");
        Array.Sort(list, (a, b) => a.Address.CompareTo(b.Address));
        ulong total = 0;
        for (var i = 0; i < list.Length; i++)
        {
            if (list[i].Power == 0) throw new ArgumentException($"validator {list[i].Address} has zero power");
            if (i > 0 && list[i].Address == list[i - 1].Address) throw new ArgumentException($"validator {list[i].Address} appears twice");
            // An ArgumentException, not an OverflowException: decoders turn it into a typed CodecException.
            if (list[i].Power > ulong.MaxValue - total) throw new ArgumentException("the total voting power does not fit in 64 bits");
            total += list[i].Power;
        }
        _validators = list;
        TotalPower = total;
        _index = new Dictionary<Address, int>(list.Length);
        for (var i = 0; i < list.Length; i++) _index[list[i].Address] = i;
        Hash = DomainHasher.Hash(DomainTags.ValidatorSet, Canonical.Encode(this));
        _schedule = new ProposerSchedule(list);
    }

    public IReadOnlyList<Validator> Validators => _validators;
    public int Count => _validators.Length;
    public ulong TotalPower { get; }
    public Hash256 Hash { get; }

    public Validator? Find(Address address) => _index.TryGetValue(address, out var i) ? _validators[i] : null;

    /// <summary>Position of <paramref name="address"/> in the sorted set, or −1.</summary>
    public int IndexOf(Address address) => _index.TryGetValue(address, out var i) ? i : -1;

    /// <summary>More than two thirds of the total power, the quorum for a commit.</summary>
    public bool IsQuorum(ulong power) => (UInt128)power * 3 > (UInt128)TotalPower * 2;

    /// <summary>
    /// More than one third of the total power: at least one honest validator is among the holders while
    /// the Byzantine power stays under a third (the paper's f+1, weighted).
    /// </summary>
    public bool IsOneThirdPlus(ulong power) => (UInt128)power * 3 > TotalPower;

    /// <summary>
    /// The proposer of (<paramref name="height"/>, <paramref name="round"/>): CometBFT's weighted round-robin
    /// (every step adds each validator's power to its priority, the highest priority proposes, ties go to the lower
    /// address, and the winner pays back the total power), run from the canonical all-zero start for
    /// <c>height + round</c> steps. As in CometBFT a height moves the schedule on by one step and a round by one more,
    /// but here the result is a pure function of the set, height and round, so every node (including one that
    /// restarted or joined late) agrees without carrying priorities in state. The schedule repeats every
    /// <see cref="TotalPower"/> steps, so the step is taken modulo it.
    /// </summary>
    public Validator GetProposer(ulong height, uint round)
    {
        var step = (height % TotalPower + round % TotalPower) % TotalPower;
        return _validators[_schedule.ProposerAt(step)];
    }

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteCount(_validators.Length);
        foreach (var v in _validators) v.Encode(writer);
    }

    public static ValidatorSet Decode(ref CanonicalReader reader)
    {
        var count = reader.ReadCount(MaxValidators, PublicKey.Size + 8, "validators");
        var list = new Validator[count];
        for (var i = 0; i < count; i++) list[i] = Validator.Decode(ref reader);
        var set = new ValidatorSet(list);
        for (var i = 0; i < count; i++)
        {
            if (!ReferenceEquals(set._validators[i], list[i])) throw new CodecException(CodecError.NonCanonical, "validators are not sorted by address");
        }
        return set;
    }
}
