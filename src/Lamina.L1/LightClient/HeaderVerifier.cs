using Lamina.Consensus;
using Lamina.Core.Crypto;
using Lamina.Core;

namespace Lamina.L1.LightClient;

/// <summary>
/// The verification rules of a light client (after CometBFT's light-client spec): adjacent headers must link by hash
/// and validator-set hash; non-adjacent ("skipping") headers must carry signatures from validators holding at
/// least the trust level (1/3 by default) of the last trusted next-set, so at least one honest validator vouches.
/// Pure: time comes in as an argument.
/// </summary>
public static class HeaderVerifier
{
    public static void Verify(string chainId, LightBlock trusted, LightBlock untrusted, DateTimeOffset now, LightClientOptions options)
    {
        var th = trusted.Header;
        var uh = untrusted.Header;
        if (uh.ChainId != chainId) throw Fail(LightClientError.WrongChain, $"header is for chain '{uh.ChainId}', expected '{chainId}'");
        if (uh.Height <= th.Height) throw Fail(LightClientError.NotNewer, $"height {uh.Height} is not above the trusted {th.Height}");
        if (uh.TimeMs <= th.TimeMs) throw Fail(LightClientError.TimeNotIncreasing, "header time does not advance past the trusted header");
        var nowMs = now.ToUnixTimeMilliseconds();
        if ((long)uh.TimeMs > nowMs + (long)options.ClockDrift.TotalMilliseconds) throw Fail(LightClientError.FromTheFuture, "header time is beyond now plus the allowed clock drift");
        if ((long)th.TimeMs + (long)options.TrustingPeriod.TotalMilliseconds <= nowMs)
        {
            throw Fail(LightClientError.TrustExpired, $"the trusted header at {th.Height} is older than the trusting period; re-initialize from a fresh trusted hash");
        }

        CheckSelfConsistent(chainId, untrusted);

        if (uh.Height == th.Height + 1)
        {
            if (uh.PreviousHash != th.Hash) throw Fail(LightClientError.BrokenLink, "header does not point at the trusted header");
            if (uh.ValidatorSetHash != th.NextValidatorSetHash) throw Fail(LightClientError.ValidatorSetMismatch, "header's validator set is not the one the trusted header announced");
        }
        else
        {
            var trustedPower = SignedPower(chainId, untrusted.Commit, trusted.NextValidators);
            var total = (UInt128)trusted.NextValidators.TotalPower;
            if ((UInt128)trustedPower * options.TrustDenominator <= total * options.TrustNumerator)
            {
                throw Fail(LightClientError.NotEnoughTrust, $"validators trusted at {th.Height} signed {trustedPower} of {total} power, not more than {options.TrustNumerator}/{options.TrustDenominator}; bisect");
            }
        }
    }

    /// <summary>The header's own sets and commit agree with each other and with 2/3+ of its signing set.</summary>
    public static void CheckSelfConsistent(string chainId, LightBlock block)
    {
        var h = block.Header;
        if (block.Validators.Hash != h.ValidatorSetHash) throw Fail(LightClientError.ValidatorSetMismatch, "validator set does not match the header's hash");
        if (block.NextValidators.Hash != h.NextValidatorSetHash) throw Fail(LightClientError.NextValidatorSetMismatch, "next validator set does not match the header's hash");
        try
        {
            block.Commit.Verify(chainId, block.Validators, h.Height, h.Hash);
        }
        catch (InvalidCommitException e)
        {
            throw Fail(LightClientError.InvalidCommit, $"commit does not finalize this header: {e.Message}");
        }
    }

    /// <summary>Power of <paramref name="set"/> members with a valid precommit in the commit (others are ignored).</summary>
    public static ulong SignedPower(string chainId, Commit commit, ValidatorSet set)
    {
        var message = Commit.PrecommitSignBytes(chainId, commit.Height, commit.Round, commit.BlockHash);
        ulong power = 0;
        var counted = new HashSet<Address>();
        foreach (var sig in commit.Signatures)
        {
            if (set.Find(sig.Validator) is not { } v || !counted.Add(sig.Validator)) continue;
            if (Ed25519.Verify(v.PublicKey, message, sig.Signature)) power = checked(power + v.Power);
        }
        return power;
    }

    private static LightClientException Fail(LightClientError error, string message) => new(error, message);
}
