using System.Security.Cryptography;
using System.Text;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.Consensus.Tests;

public class CodecTests
{
    private static readonly Address Addr = new(Enumerable.Range(1, 20).Select(i => (byte)i).ToArray());
    private static readonly Signature Sig = new(Enumerable.Range(0, 64).Select(i => (byte)(0xC0 ^ i)).ToArray());
    private static string Hex(byte[] b) => Convert.ToHexString(b).ToLowerInvariant();
    private static string Rep(string pair, int n) => string.Concat(Enumerable.Repeat(pair, n));

    [Fact]
    public void Vote_golden_vector()
    {
        var v = new Vote(VoteType.Precommit, 0x0102030405060708, 9, TestKeys.Block(0xAB), Addr, Sig);
        var expected = "01" + "02" + "0102030405060708" + "00000009" + Rep("ab", 32) + Hex(Addr.ToArray()) + Hex(Sig.ToArray());
        Assert.Equal(expected, Hex(Canonical.Encode(v)));
        Assert.Equal(v, Canonical.Decode<Vote>(Convert.FromHexString(expected)));
    }

    [Fact]
    public void Proposal_golden_vectors_with_and_without_a_proof_of_lock_round()
    {
        var fresh = new Proposal(7, 3, -1, TestKeys.Block(0x11), Addr, Sig);
        Assert.Equal("01" + "0000000000000007" + "00000003" + "00" + Rep("11", 32) + Hex(Addr.ToArray()) + Hex(Sig.ToArray()), Hex(Canonical.Encode(fresh)));
        var pol = new Proposal(7, 3, 2, TestKeys.Block(0x11), Addr, Sig);
        Assert.Equal("01" + "0000000000000007" + "00000003" + "01" + "00000002" + Rep("11", 32) + Hex(Addr.ToArray()) + Hex(Sig.ToArray()), Hex(Canonical.Encode(pol)));
        Assert.Equal(pol, Canonical.Decode<Proposal>(Canonical.Encode(pol)));
    }

    [Fact]
    public void Propose_value_golden_vectors_without_a_value_kind_5_and_with_one_kind_7()
    {
        var bare = new ProposeValue(7, 3, TestKeys.Block(0x11));
        var bareHex = "01" + "05" + "0000000000000007" + "00000003" + Rep("11", 32);
        Assert.Equal(bareHex, Hex(bare.Encode()));
        Assert.Equal(bare, ConsensusInput.Decode(Convert.FromHexString(bareHex)));

        var withBlock = bare with { Value = new byte[] { 0xde, 0xad, 0xbe } };
        var withHex = "01" + "07" + "0000000000000007" + "00000003" + Rep("11", 32) + "00000003" + "deadbe";
        Assert.Equal(withHex, Hex(withBlock.Encode()));
        var decoded = Assert.IsType<ProposeValue>(ConsensusInput.Decode(Convert.FromHexString(withHex)));
        Assert.Equal(withBlock, decoded);
        Assert.NotEqual(bare, decoded);
        Assert.Equal(new byte[] { 0xde, 0xad, 0xbe }, decoded.Value.ToArray());

        // Kind 7 with an empty value would be a second encoding of kind 5's answer.
        var emptyValue = "01" + "07" + "0000000000000007" + "00000003" + Rep("11", 32) + "00000000";
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => ConsensusInput.Decode(Convert.FromHexString(emptyValue))).Error);
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => ConsensusInput.Decode(Convert.FromHexString(withHex[..^2]))).Error);
    }

    [Fact]
    public void Sign_bytes_are_the_domain_hash_of_chain_type_height_round_block()
    {
        // Computed independently: SHA-256(len(tag) ‖ tag ‖ u32 len(chain) ‖ chain ‖ type ‖ u64 height ‖ u32 round ‖ block).
        var tag = Encoding.ASCII.GetBytes("lamina/consensus/vote");
        var msg = new List<byte> { (byte)tag.Length };
        msg.AddRange(tag);
        msg.AddRange(new byte[] { 0, 0, 0, 3 });
        msg.AddRange("abc"u8.ToArray());
        msg.Add(2);
        msg.AddRange(new byte[] { 0, 0, 0, 0, 0, 0, 0, 10 });
        msg.AddRange(new byte[] { 0, 0, 0, 1 });
        msg.AddRange(Enumerable.Repeat((byte)0x22, 32));
        Assert.Equal(SHA256.HashData(msg.ToArray()), Commit.PrecommitSignBytes("abc", 10, 1, TestKeys.Block(0x22)));
        Assert.Equal(Commit.PrecommitSignBytes("abc", 10, 1, TestKeys.Block(0x22)), Vote.SignBytes("abc", VoteType.Precommit, 10, 1, TestKeys.Block(0x22)));
        Assert.NotEqual(Vote.SignBytes("abc", VoteType.Prevote, 10, 1, TestKeys.Block(0x22)), Vote.SignBytes("abc", VoteType.Precommit, 10, 1, TestKeys.Block(0x22)));
    }

    [Fact]
    public void Typed_errors_for_bad_encodings()
    {
        var v = Canonical.Encode(new Vote(VoteType.Prevote, 1, 0, Hash256.Zero, Addr, Sig));
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => Canonical.Decode<Vote>([.. v, 0])).Error);
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => Canonical.Decode<Vote>(v[..^1])).Error);
        var badType = v.ToArray();
        badType[1] = 3;
        Assert.Equal(CodecError.UnknownKind, Assert.Throws<CodecException>(() => Canonical.Decode<Vote>(badType)).Error);
        var badVersion = v.ToArray();
        badVersion[0] = 2;
        Assert.Equal(CodecError.UnknownVersion, Assert.Throws<CodecException>(() => Canonical.Decode<Vote>(badVersion)).Error);
        var nilProposal = Canonical.Encode(new Proposal(7, 3, -1, TestKeys.Block(1), Addr, Sig));
        Array.Clear(nilProposal, 14, 32);
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => Canonical.Decode<Proposal>(nilProposal)).Error);
        var badFlag = Canonical.Encode(new Proposal(7, 3, -1, TestKeys.Block(1), Addr, Sig));
        badFlag[13] = 2;
        Assert.Equal(CodecError.NonCanonical, Assert.Throws<CodecException>(() => Canonical.Decode<Proposal>(badFlag)).Error);
    }

    [Fact]
    public void Evidence_round_trips_and_refuses_the_wrong_vote_order()
    {
        var k = new TestKeys(1, 1, 1, 1);
        var e = DuplicateVoteEvidence.Create(k.Vote(0, VoteType.Prevote, 3, 1, TestKeys.Block(9)), k.Vote(0, VoteType.Prevote, 3, 1, TestKeys.Block(2)));
        var bytes = Canonical.Encode(e);
        Assert.Equal(e, Canonical.Decode<DuplicateVoteEvidence>(bytes));
        Canonical.Decode<DuplicateVoteEvidence>(bytes).Verify(TestKeys.ChainId, k.Set);
        var swapped = new byte[bytes.Length];
        swapped[0] = 1;
        bytes.AsSpan(1 + Vote.EncodedSize).CopyTo(swapped.AsSpan(1));
        bytes.AsSpan(1, Vote.EncodedSize).CopyTo(swapped.AsSpan(1 + Vote.EncodedSize));
        Assert.Equal(CodecError.NonCanonical, Assert.Throws<CodecException>(() => Canonical.Decode<DuplicateVoteEvidence>(swapped)).Error);
    }

    [Fact]
    public void Random_and_mutated_bytes_only_ever_raise_codec_exceptions()
    {
        var k = new TestKeys(1, 1, 1, 1);
        var samples = new List<byte[]>
        {
            Canonical.Encode(k.Vote(0, VoteType.Prevote, 3, 1, TestKeys.Block(9))),
            Canonical.Encode(k.Proposal(3, 2, 1, TestKeys.Block(9))),
            Canonical.Encode(DuplicateVoteEvidence.Create(k.Vote(0, VoteType.Prevote, 3, 1, TestKeys.Block(9)), k.Vote(0, VoteType.Prevote, 3, 1, Hash256.Zero))),
            new StartHeight(4, k.Set).Encode(),
            new ProposalReceived(k.Proposal(3, 2, 1, TestKeys.Block(9)), true).Encode(),
            new TimeoutElapsed(1, 2, ConsensusStep.Prevote).Encode(),
            new ProposeValue(3, 1, TestKeys.Block(9)) { Value = new byte[] { 1, 2, 3, 4 } }.Encode(),
        };
        var rng = new Random(1234);
        for (var i = 0; i < 20_000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[rng.Next(0, 300)];
                rng.NextBytes(input);
                if (input.Length > 1 && rng.Next(2) == 0) input[0] = 1; // get past the version byte more often
            }
            else
            {
                input = samples[rng.Next(samples.Count)].ToArray();
                for (var f = rng.Next(1, 4); f > 0 && input.Length > 0; f--) input[rng.Next(input.Length)] ^= (byte)rng.Next(1, 256);
                if (rng.Next(4) == 0) input = input[..rng.Next(input.Length)];
            }
            Decodes(() => Canonical.Decode<Vote>(input));
            Decodes(() => Canonical.Decode<Proposal>(input));
            Decodes(() => Canonical.Decode<DuplicateVoteEvidence>(input));
            Decodes(() => Canonical.Decode<SignerState>(input));
            Decodes(() => Canonical.Decode<Commit>(input));
            Decodes(() => ConsensusInput.Decode(input));
        }
    }

    private static void Decodes(Action decode)
    {
        try
        {
            decode();
        }
        catch (CodecException)
        {
        }
    }
}
