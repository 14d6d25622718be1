using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.Core;
using Lamina.L1.Blocks;
using Lamina.L1.Execution;
using Lamina.L1.State;
using Lamina.L1.Transactions;

namespace Lamina.L1.Tests;

/// <summary>
/// Golden vectors for every L1 wire and storage format. Every expected value below was computed independently
/// of this code base by golden/gen_vectors.py: Python's hashlib over the documented encoding (fixed-width
/// big-endian integers, u32 length prefixes, SHA-256(len(tag) ‖ tag ‖ message) with the DomainTags names) and
/// Ed25519 signatures from the `cryptography` package (RFC 8032 is deterministic, so the signatures are exact).
/// Keys are RFC 8032 §7.1 tests 1 (9d61b1…7f60) and 2 (4ccd08…a6fb). If one of these changes, every stored
/// block, root and signature changes with it: that is a hard fork, not a refactor.
/// </summary>
public sealed class GoldenVectorTests
{
    private const string Chain = "lamina-golden";

    private const string AddressA = "524ee1f5eaa0573f523ff87902f5826161ecbc9c";
    private const string AddressB = "2790b7e7495f3cecb1ac8c7023283a2249175163";
    private const string StateKeyA = "3496349155146ab0e9674e0f963ccd1af1aff862b0ac96ec699ff02a0d267973";

    private const string Tx1SigningHash = "2e35376c931b5b7879c0985504343ec15deb9dd5a73c45789bc6160307837669";
    private const string Tx1Signature = "e5497fe8e0f9755e1b00642d0a9b9fb82f937f6c85fc0f2c374a88e4322f74a603c591c767f5303b7302b0dd942261cc5269cab3e01f97a6486ef5faf0ea5f04";
    private const string Tx1Encoded = "010000000d6c616d696e612d676f6c64656e0000000000000007d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a00000000000007d000000000000000030000000000005208012790b7e7495f3cecb1ac8c7023283a224917516300000000000000000de0b6b3a7640000e5497fe8e0f9755e1b00642d0a9b9fb82f937f6c85fc0f2c374a88e4322f74a603c591c767f5303b7302b0dd942261cc5269cab3e01f97a6486ef5faf0ea5f04";
    private const string Tx1Id = "eba95f9e6246333a9c68cff7464e67f00e0faaeedf69505049d95147b6781aac";
    private const string Tx2Encoded = "010000000d6c616d696e612d676f6c64656e00000000000000003d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c00000000000005dc00000000000005dc000000000000c35001524ee1f5eaa0573f523ff87902f5826161ecbc9c00000000000000000000000000003039e0a4543543edd754f450c984b8ee8ab92b4b18f0c01df6d0151cae69e625407e1a2533c9a2c88bdb23bfd5c93b3dcf984cd6edf37f12a2a5dad26e7042769601";
    private const string Tx2Id = "bb8983d1a30fcb9c4638dc8f41aa07fe9002f6a8284184610c8012937c7c3f96";
    private const string TxRoot = "329482a39dcc6da86cf9ed529b4a509db42e688475a8c9c450127f96d86c774a";

    private const string ValidatorSetEncoded = "000000023d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c0000000000000005d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a000000000000000a";
    private const string ValidatorSetHash = "d027448fb9f9568cd546d9a7ed0940455c4687d93050c78c57e64b3b2abbb95e";

    private const string PrecommitSignBytes = "147cc03865ab5d41568c23ceff9ef5848033d12a6ab817d82fe4c32aa25a4cfc";
    private const string CommitEncoded = "0000000000000029000000023333333333333333333333333333333333333333333333333333333333333333000000022790b7e7495f3cecb1ac8c7023283a2249175163fe7e90643fdd76ac92bf5bf009ba488b9efe867c62de30d4cdfca079cd7d060f0210bf0385f0ae07e037dfbbbf306d5a7cfe213d0545891df6907c76e52c4c0d524ee1f5eaa0573f523ff87902f5826161ecbc9c65820817fbe28e27a9bbfc582297a88c3d248a9f2f500cd042071b2eeb3aac6f7071ea43d78260ff2e7b9968b11faeb2b7a2d2c155202f3ca0620e7aa7342900";
    private const string CommitHash = "fc0d4c9b9ce9a43bfe3314c7ba0f303ae8348bdd65ca1fab3a7daa4e2397fcf2";

    private const string HeaderEncoded = "010000000d6c616d696e612d676f6c64656e000000000000002a11111111111111111111111111111111111111111111111111111111111111110000018bcfe56800524ee1f5eaa0573f523ff87902f5826161ecbc9c2222222222222222222222222222222222222222222222222222222222222222329482a39dcc6da86cf9ed529b4a509db42e688475a8c9c450127f96d86c774a0000000000000000000000000000000000000000000000000000000000000000d027448fb9f9568cd546d9a7ed0940455c4687d93050c78c57e64b3b2abbb95e4444444444444444444444444444444444444444444444444444444444444444fc0d4c9b9ce9a43bfe3314c7ba0f303ae8348bdd65ca1fab3a7daa4e2397fcf2000000000000000000000000000000000000000000000000000000000000000000000000000003e80000000000011558";
    private const string HeaderHash = "094d96a5e71548f582f6d73a99a50f0f6f4e6e1aa1d1f3610f4201a983a400ae";
    private const string BlockSha256 = "fb1b3dda897a6a26bcfe112430ad2f8d09f481d33dd9db6f206523d8308842f0";

    private const string ReceiptEncoded = "eba95f9e6246333a9c68cff7464e67f00e0faaeedf69505049d95147b6781aac000000000000002a00000000000000000000520800000000000003eb00000000000000000000000001406f400000000000000000000000000000f618";
    private const string AccountEncoded = "00000000000000000de0b6b3a76400050000000000000003";

    private static readonly SigningKey KeyA = SigningKey.FromSeed(Hex.Decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    private static readonly SigningKey KeyB = SigningKey.FromSeed(Hex.Decode("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
    private static readonly UInt128 OneEther = UInt128.Parse("1000000000000000000");

    internal static Transaction Tx1() => Transaction.Create(KeyA, Chain, 7, 2_000, 3, 21_000, new TransferPayload(KeyB.Address, OneEther));
    internal static Transaction Tx2() => Transaction.Create(KeyB, Chain, 0, 1_500, 1_500, 50_000, new TransferPayload(KeyA.Address, 12_345));
    internal static ValidatorSet Validators() => new([new Validator(KeyA.PublicKey, 10), new Validator(KeyB.PublicKey, 5)]);

    internal static Commit GoldenCommit()
    {
        var block = new Hash256(Enumerable.Repeat((byte)0x33, 32).ToArray());
        var signBytes = Commit.PrecommitSignBytes(Chain, 41, 2, block);
        var sigs = new[] { KeyA, KeyB }
            .Select(k => new CommitSignature(k.Address, k.Sign(signBytes)))
            .OrderBy(s => s.Validator)
            .ToArray();
        return new Commit(41, 2, block, sigs);
    }

    internal static BlockHeader GoldenHeader() => new(Chain, 42, Fill(0x11), 1_700_000_000_000, KeyA.Address, Fill(0x22),
        Hash256.Parse(TxRoot), Hash256.Zero, Validators().Hash, Fill(0x44), GoldenCommit().Hash, Hash256.Zero, 1_000, 71_000);

    internal static Block GoldenBlock() => new(GoldenHeader(), [Tx1(), Tx2()], GoldenCommit());

    internal static Receipt GoldenReceipt() => new(Tx1().Hash, 42, 0, 21_000, 1_003, 21_000_000, 63_000);

    private static Hash256 Fill(byte b) => new(Enumerable.Repeat(b, 32).ToArray());

    private static string Hx(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    [Fact]
    public void Rfc8032_keys_give_the_expected_addresses_and_state_keys()
    {
        Assert.Equal("0xd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", KeyA.PublicKey.ToString());
        Assert.Equal(Address.Parse(AddressA), KeyA.Address);
        Assert.Equal(Address.Parse(AddressB), KeyB.Address);
        Assert.Equal(Hash256.Parse(StateKeyA), StateKeys.Account(KeyA.Address));
    }

    [Fact]
    public void Transaction_signing_hash_signature_encoding_and_id()
    {
        var tx = Tx1();
        Assert.Equal(Hash256.Parse(Tx1SigningHash), tx.SigningHash);
        Assert.Equal(Signature.Parse(Tx1Signature), tx.Signature);
        Assert.Equal(Tx1Encoded, Hx(tx.Encoded));
        Assert.Equal(Hash256.Parse(Tx1Id), tx.Hash);
        Assert.Equal(183, tx.Size);
        Assert.True(tx.HasValidSignature());

        var tx2 = Tx2();
        Assert.Equal(Tx2Encoded, Hx(tx2.Encoded));
        Assert.Equal(Hash256.Parse(Tx2Id), tx2.Hash);
        Assert.True(tx2.HasValidSignature());
    }

    [Fact]
    public void Transaction_decodes_from_its_golden_bytes()
    {
        var tx = Transaction.FromBytes(Convert.FromHexString(Tx1Encoded));
        Assert.Equal(Chain, tx.ChainId);
        Assert.Equal(7UL, tx.Nonce);
        Assert.Equal(KeyA.PublicKey, tx.Sender);
        Assert.Equal(KeyA.Address, tx.From);
        Assert.Equal(2_000UL, tx.MaxFeePerGas);
        Assert.Equal(3UL, tx.MaxPriorityFeePerGas);
        Assert.Equal(21_000UL, tx.GasLimit);
        var transfer = Assert.IsType<TransferPayload>(tx.Payload);
        Assert.Equal(KeyB.Address, transfer.To);
        Assert.Equal(OneEther, transfer.Amount);
        Assert.Equal(Hash256.Parse(Tx1Id), tx.Hash);
        Assert.Equal(Hash256.Parse(Tx1SigningHash), tx.SigningHash);
        Assert.True(tx.HasValidSignature());
        // Decoded through the generic path too (no cached encoding), the bytes are the same.
        Assert.Equal(Tx1Encoded, Hx(Canonical.Encode(Canonical.Decode<Transaction>(Convert.FromHexString(Tx1Encoded)))));
    }

    [Fact]
    public void Signature_covers_the_chain_id()
    {
        // Same fields on another chain: different signing hash, and the golden signature does not verify there.
        var other = new Transaction("lamina-other", 7, KeyA.PublicKey, 2_000, 3, 21_000, new TransferPayload(KeyB.Address, OneEther), Signature.Parse(Tx1Signature));
        Assert.NotEqual(Hash256.Parse(Tx1SigningHash), other.SigningHash);
        Assert.False(other.HasValidSignature());
    }

    [Fact]
    public void Validator_set_encoding_and_hash()
    {
        var set = Validators();
        Assert.Equal(ValidatorSetEncoded, Hx(Canonical.Encode(set)));
        Assert.Equal(Hash256.Parse(ValidatorSetHash), set.Hash);
        Assert.Equal(15UL, set.TotalPower);
        // Input order does not matter: the set sorts by address.
        var reversed = new ValidatorSet([new Validator(KeyB.PublicKey, 5), new Validator(KeyA.PublicKey, 10)]);
        Assert.Equal(set.Hash, reversed.Hash);
        var decoded = Canonical.Decode<ValidatorSet>(Convert.FromHexString(ValidatorSetEncoded));
        Assert.Equal(set.Hash, decoded.Hash);
    }

    [Fact]
    public void Commit_sign_bytes_encoding_hash_and_verification()
    {
        Assert.Equal(PrecommitSignBytes, Hx(Commit.PrecommitSignBytes(Chain, 41, 2, Fill(0x33))));
        var commit = GoldenCommit();
        Assert.Equal(CommitEncoded, Hx(Canonical.Encode(commit)));
        Assert.Equal(Hash256.Parse(CommitHash), commit.Hash);
        commit.Verify(Chain, Validators(), 41, Fill(0x33));

        var decoded = Canonical.Decode<Commit>(Convert.FromHexString(CommitEncoded));
        Assert.Equal(Hash256.Parse(CommitHash), decoded.Hash);
        decoded.Verify(Chain, Validators(), 41, Fill(0x33));
    }

    [Fact]
    public void Block_header_encoding_and_hash()
    {
        Assert.Equal(Hash256.Parse(TxRoot), Block.ComputeTxRoot([Tx1(), Tx2()]));
        var header = GoldenHeader();
        Assert.Equal(HeaderEncoded, Hx(Canonical.Encode(header)));
        Assert.Equal(Hash256.Parse(HeaderHash), header.Hash);
        var decoded = Canonical.Decode<BlockHeader>(Convert.FromHexString(HeaderEncoded));
        Assert.Equal(Hash256.Parse(HeaderHash), decoded.Hash);
        Assert.Equal(header.StateRoot, decoded.StateRoot);
        Assert.Equal(71_000UL, decoded.GasUsed);
    }

    [Fact]
    public void Block_encoding_and_hash()
    {
        var block = GoldenBlock();
        var encoded = Canonical.Encode(block);
        // header ‖ u32 count ‖ (u32 len ‖ tx)* ‖ bool ‖ commit, pinned by its SHA-256 and checked piece by piece.
        Assert.Equal(BlockSha256, Hx(System.Security.Cryptography.SHA256.HashData(encoded)));
        var expected = HeaderEncoded + "00000002" + "000000b7" + Tx1Encoded + "000000b7" + Tx2Encoded + "01" + CommitEncoded + "00000000";
        Assert.Equal(expected, Hx(encoded));
        Assert.Equal(Hash256.Parse(HeaderHash), block.Hash);
        block.CheckBodyMatchesHeader();

        var decoded = Canonical.Decode<Block>(encoded);
        Assert.Equal(block.Hash, decoded.Hash);
        Assert.Equal(2, decoded.Transactions.Count);
        Assert.Equal(Hash256.Parse(Tx2Id), decoded.Transactions[1].Hash);
        Assert.Equal(Hash256.Parse(CommitHash), decoded.LastCommit!.Hash);
        decoded.CheckBodyMatchesHeader();
    }

    [Fact]
    public void Block_without_last_commit_ends_in_a_zero_flag()
    {
        var header = GoldenHeader() with { TxRoot = Hash256.Zero, LastCommitHash = Hash256.Zero };
        var block = new Block(header, [], null);
        // tx count 0, has-last-commit 0, evidence count 0.
        Assert.Equal(Canonical.Encode(header).Concat(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0 }).ToArray(), Canonical.Encode(block));
        block.CheckBodyMatchesHeader();
    }

    [Fact]
    public void Receipt_encoding()
    {
        var receipt = GoldenReceipt();
        Assert.Equal(ReceiptEncoded, Hx(Canonical.Encode(receipt)));
        Assert.Equal(receipt, Canonical.Decode<Receipt>(Convert.FromHexString(ReceiptEncoded)));
    }

    [Fact]
    public void Account_encoding()
    {
        var account = new Account(OneEther + 5, 3);
        Assert.Equal(AccountEncoded, Hx(Canonical.Encode(account)));
        Assert.Equal(account, Canonical.Decode<Account>(Convert.FromHexString(AccountEncoded)));
    }
}
