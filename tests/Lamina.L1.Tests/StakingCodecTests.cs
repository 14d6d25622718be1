using CsCheck;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.L1.Staking;
using Lamina.L1.State;
using Lamina.L1.Transactions;

namespace Lamina.L1.Tests;

/// <summary>
/// Golden vectors and hostile bytes for the staking records and transactions. The hex below was computed outside
/// this code base, from the documented encoding (big-endian fixed-width integers, u32 counts, 1-byte bools,
/// SHA-256(len(tag) ‖ tag ‖ msg) domain hashing) with Python's hashlib and the `cryptography` package's Ed25519,
/// in the same way as golden/gen_vectors.py; e.g. the stake transaction is
/// <c>u8(1) ‖ ascii("lamina-golden") ‖ u64(0) ‖ pubA ‖ u64(2000) ‖ u64(10) ‖ u64(50000) ‖ u8(2) ‖ u128(5000000)</c>
/// followed by A's signature over <c>H("lamina/tx/sign", those bytes)</c>, and its id is <c>H("lamina/tx/id", all bytes)</c>.
/// Keys are RFC 8032 §7.1 tests 1 (A) and 2 (B). A change here changes stored state: it is a hard fork.
/// </summary>
public sealed class StakingCodecTests
{
    private const string Chain = "lamina-golden";
    private const string PubA = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private const string AddressA = "524ee1f5eaa0573f523ff87902f5826161ecbc9c";
    private const string AddressB = "2790b7e7495f3cecb1ac8c7023283a2249175163";

    private const string RecordHex = PubA + "000000000001056e0f36a6443de2df79" + "01" + "0000000000001092" + "00000003";
    private const string QueueHex = "00000002" + "0000000000000000000000000000270f" + "0000000000000064" + "ffffffffffffffffffffffffffffffff" + "ffffffffffffffff";
    private const string RegistryHex = "00000002" + AddressB + AddressA;
    private const string EvidenceHex = "000000000000004d";

    private const string ValidatorKeyA = "e2da8f7d7c32965b4ca2248d247c67e8872fc41d09e31e09d4b6d729737556d2";
    private const string UnbondingKeyA = "09d819f941579d504f3efb2124631aa60e083d20931a4161aacb48a4d88794bb";
    private const string RegistryKey = "bf3f131c2ff70e7568d311643f07c019d59d6613136ea87cddb773ea3aa166c6";
    private const string ActiveSetKey = "824bd1d7df85e08ef0b592347f8d64a600ba67fad22ec4b3f6f951314571e925";
    private const string EvidenceKey33 = "3f475126a73d3f015f35cf8052ab23150fbe03ae3c94bfa7b73dda00836fe54c";

    private const string StakeTxHex = "010000000d6c616d696e612d676f6c64656e0000000000000000d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a00000000000007d0000000000000000a000000000000c35002000000000000000000000000004c4b40812409ea3e5bf3dffe424b534ee10daa74fb55bd861cc272e927d9b0502766f11080a5b80bcad9a2977d1aea6ab3e57fb0b8638506bdf81504392285488c020b";
    private const string StakeTxId = "d3eeb13f16f1e25c98e12fc295285f03189713be1f0c9e989a8b01fbc183ee07";
    private const string UnstakeTxHex = "010000000d6c616d696e612d676f6c64656e0000000000000001d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a00000000000007d0000000000000000a000000000000c35003000000000000000000000000000f42409bccff9ac4814487ceb263110595b37ac74c018bcb1fc33a97a97dcea9194cc9269be2f0f4bbc7e38c009d82b2e2197cb0fb4636b4d641904b8829e56b255109";
    private const string UnstakeTxId = "d8132c93d84e27b48a2e0d9e05dff2548df957daefd5795290d88411d5c9b0b3";
    private const string UnjailTxHex = "010000000d6c616d696e612d676f6c64656e00000000000000093d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c00000000000005dc000000000000000000000000000075300401c143cd248a34e9f1fc8b7cad96ac8786c80cd6d22ef87a107d33b6ed501a4098a3bde54828270d6098e5ebd83eacca6b676f8e3f3f26d9edff8e978563940c";
    private const string UnjailTxId = "797c2ae659e2e1c3363af352602fbe405288c3e0af159f83a7b8f5981041c162";
    private const string WithdrawTxHex = "010000000d6c616d696e612d676f6c64656e000000000000000a3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c00000000000005dc00000000000005dc0000000000007530050161f5700e4b29449d862b2f1d9058a2dfcebb44dd23d623b5861b7e25d2d4850261c6e8fac523cff47eb0c6fddd69819c898afa9401547d540ef2f3d7d87908";
    private const string WithdrawTxId = "c51d1d73db7385c3a56bd5d456e21b4d8429321f6586ac398f5dad8cbacd72b1";

    private static readonly SigningKey KeyA = SigningKey.FromSeed(Hex.Decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    private static readonly SigningKey KeyB = SigningKey.FromSeed(Hex.Decode("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));

    private static ValidatorRecord GoldenRecord() => new(KeyA.PublicKey, UInt128.Parse("1234567890123456789012345"), true, 4242, 3);
    private static UnbondingQueue GoldenQueue() => new([new UnbondingEntry(9_999, 100), new UnbondingEntry(UInt128.MaxValue, ulong.MaxValue)]);
    private static ValidatorRegistry GoldenRegistry() => ValidatorRegistry.Empty.With(KeyA.Address).With(KeyB.Address);

    private static Transaction StakeTx() => Transaction.Create(KeyA, Chain, 0, 2_000, 10, 50_000, new StakePayload(5_000_000));
    private static Transaction UnstakeTx() => Transaction.Create(KeyA, Chain, 1, 2_000, 10, 50_000, new UnstakePayload(1_000_000));
    private static Transaction UnjailTx() => Transaction.Create(KeyB, Chain, 9, 1_500, 0, 30_000, new UnjailPayload());
    private static Transaction WithdrawTx() => Transaction.Create(KeyB, Chain, 10, 1_500, 1_500, 30_000, new WithdrawUnbondedPayload());

    private static string Hx(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private static CodecError Error<T>(string hex) where T : ICanonical<T> => Assert.Throws<CodecException>(() => Canonical.Decode<T>(Hex.Decode(hex))).Error;

    [Fact]
    public void Keys_and_state_keys_match_the_independent_computation()
    {
        Assert.Equal(PubA, Hx(KeyA.PublicKey.ToArray()));
        Assert.Equal(AddressA, KeyA.Address.ToString().Replace("0x", ""));
        Assert.Equal(AddressB, KeyB.Address.ToString().Replace("0x", ""));
        Assert.Equal(ValidatorKeyA, StateKeys.Validator(KeyA.Address).ToString().Replace("0x", ""));
        Assert.Equal(UnbondingKeyA, StateKeys.Unbonding(KeyA.Address).ToString().Replace("0x", ""));
        Assert.Equal(RegistryKey, StateKeys.ValidatorRegistry.ToString().Replace("0x", ""));
        Assert.Equal(ActiveSetKey, StateKeys.ActiveValidatorSet.ToString().Replace("0x", ""));
        Assert.Equal(EvidenceKey33, StateKeys.ProcessedEvidence(new Hash256(Enumerable.Repeat((byte)0x33, 32).ToArray())).ToString().Replace("0x", ""));
    }

    [Fact]
    public void ValidatorRecord_golden_and_round_trip()
    {
        Assert.Equal(RecordHex, Hx(Canonical.Encode(GoldenRecord())));
        Assert.Equal(GoldenRecord(), Canonical.Decode<ValidatorRecord>(Hex.Decode(RecordHex)));
        Assert.Equal(61, RecordHex.Length / 2);
        var unjailed = GoldenRecord() with { Jailed = false };
        Assert.Equal(unjailed, Canonical.Decode<ValidatorRecord>(Canonical.Encode(unjailed)));
    }

    [Fact]
    public void UnbondingQueue_golden_and_round_trip()
    {
        Assert.Equal(QueueHex, Hx(Canonical.Encode(GoldenQueue())));
        Assert.Equal(GoldenQueue().Entries, Canonical.Decode<UnbondingQueue>(Hex.Decode(QueueHex)).Entries);
        Assert.Equal("00000000", Hx(Canonical.Encode(UnbondingQueue.Empty)));
        Assert.Empty(Canonical.Decode<UnbondingQueue>(Hex.Decode("00000000")).Entries);
    }

    [Fact]
    public void ValidatorRegistry_golden_round_trip_and_sorted_insertion()
    {
        Assert.Equal(RegistryHex, Hx(Canonical.Encode(GoldenRegistry())));
        Assert.Equal(GoldenRegistry().Operators, Canonical.Decode<ValidatorRegistry>(Hex.Decode(RegistryHex)).Operators);
        // Insertion order does not matter; re-adding is a no-op that returns the same instance.
        Assert.Equal(RegistryHex, Hx(Canonical.Encode(ValidatorRegistry.Empty.With(KeyB.Address).With(KeyA.Address))));
        var registry = GoldenRegistry();
        Assert.Same(registry, registry.With(KeyA.Address));
    }

    [Fact]
    public void ProcessedEvidence_golden()
    {
        Assert.Equal(EvidenceHex, Hx(Canonical.Encode(new ProcessedEvidence(77))));
        Assert.Equal(new ProcessedEvidence(77), Canonical.Decode<ProcessedEvidence>(Hex.Decode(EvidenceHex)));
    }

    public static TheoryData<string, string, string> StakingTransactions => new()
    {
        { "stake", StakeTxHex, StakeTxId },
        { "unstake", UnstakeTxHex, UnstakeTxId },
        { "unjail", UnjailTxHex, UnjailTxId },
        { "withdraw", WithdrawTxHex, WithdrawTxId },
    };

    private static Transaction Build(string name) => name switch
    {
        "stake" => StakeTx(),
        "unstake" => UnstakeTx(),
        "unjail" => UnjailTx(),
        _ => WithdrawTx(),
    };

    [Theory]
    [MemberData(nameof(StakingTransactions))]
    public void Staking_transactions_have_pinned_bytes_and_ids_and_round_trip(string name, string hex, string id)
    {
        var tx = Build(name);
        Assert.Equal(hex, Hx(tx.Encoded));
        Assert.Equal(id, tx.Hash.ToString().Replace("0x", ""));

        var decoded = Transaction.FromBytes(Hex.Decode(hex));
        Assert.True(decoded.HasValidSignature());
        Assert.Equal(tx.Hash, decoded.Hash);
        Assert.Equal(tx.Payload.Kind, decoded.Payload.Kind);
        Assert.Equal(tx.Payload.GetType(), decoded.Payload.GetType());
        Assert.Equal(hex, Hx(Canonical.Encode(Canonical.Decode<Transaction>(Hex.Decode(hex)))));
        switch (decoded.Payload)
        {
            case StakePayload s: Assert.Equal((UInt128)5_000_000, s.Amount); break;
            case UnstakePayload u: Assert.Equal((UInt128)1_000_000, u.Amount); break;
        }
    }

    [Fact]
    public void Kinds_and_gas_are_pinned()
    {
        Assert.Equal(2, (int)TxKind.Stake);
        Assert.Equal(3, (int)TxKind.Unstake);
        Assert.Equal(4, (int)TxKind.Unjail);
        Assert.Equal(5, (int)TxKind.WithdrawUnbonded);
        Assert.Equal(50_000UL, new StakePayload(1).IntrinsicGas);
        Assert.Equal(50_000UL, new UnstakePayload(1).IntrinsicGas);
        Assert.Equal(30_000UL, new UnjailPayload().IntrinsicGas);
        Assert.Equal(30_000UL, new WithdrawUnbondedPayload().IntrinsicGas);
    }

    [Fact]
    public void Non_canonical_and_malformed_records_are_refused_with_the_right_error()
    {
        // Operators out of order, or repeated.
        Assert.Equal(CodecError.NonCanonical, Error<ValidatorRegistry>("00000002" + AddressA + AddressB));
        Assert.Equal(CodecError.NonCanonical, Error<ValidatorRegistry>("00000002" + AddressA + AddressA));
        Assert.Equal(CodecError.Oversize, Error<ValidatorRegistry>("00002711"));
        Assert.Equal(CodecError.Truncated, Error<ValidatorRegistry>("00000002" + AddressB));
        // A 17-entry queue cannot exist.
        Assert.Equal(CodecError.Oversize, Error<UnbondingQueue>("00000011" + string.Concat(Enumerable.Repeat("00", 17 * 24))));
        Assert.Equal(CodecError.Truncated, Error<UnbondingQueue>(QueueHex[..^2]));
        Assert.Equal(CodecError.TrailingBytes, Error<UnbondingQueue>(QueueHex + "00"));
        // The jailed flag is 0 or 1, nothing else.
        Assert.Equal(CodecError.NonCanonical, Error<ValidatorRecord>(PubA + "000000000001056e0f36a6443de2df79" + "02" + "0000000000001092" + "00000003"));
        Assert.Equal(CodecError.TrailingBytes, Error<ValidatorRecord>(RecordHex + "00"));
        Assert.Equal(CodecError.Truncated, Error<ValidatorRecord>(RecordHex[..^2]));
        Assert.Equal(CodecError.TrailingBytes, Error<ProcessedEvidence>(EvidenceHex + "00"));
        // Kind 7 does not exist (6 is the blob kind); the kind byte sits right after the gas limit.
        var unknown = Hex.Decode(UnjailTxHex);
        var kindAt = 1 + 4 + Chain.Length + 8 + 32 + 8 + 8 + 8;
        Assert.Equal((byte)TxKind.Unjail, unknown[kindAt]);
        unknown[kindAt] = 7;
        Assert.Equal(CodecError.UnknownKind, Assert.Throws<CodecException>(() => Transaction.FromBytes(unknown)).Error);
        // A body on a bodiless payload leaves a byte over.
        var padded = Hex.Decode(UnjailTxHex).ToList();
        padded.Insert(kindAt + 1, 0);
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => Transaction.FromBytes(padded.ToArray())).Error);
    }

    // ---- Hostile bytes ----------------------------------------------------------------------------------------------

    private const int Iterations = 5_000;

    /// <summary>Random and mutated bytes: only <see cref="CodecException"/> may escape, and what decodes re-encodes identically.</summary>
    private static void Fuzz(string validHex, Func<byte[], byte[]> roundTrip, int minLength = 0, int maxLength = 400)
    {
        var valid = Hex.Decode(validHex);
        Assert.Equal(valid, roundTrip(valid));
        void Check(byte[] bytes)
        {
            byte[] again;
            try
            {
                again = roundTrip(bytes);
            }
            catch (CodecException)
            {
                return;
            }
            Assert.Equal(bytes, again);
        }
        Gen.Byte.Array[minLength, maxLength].Sample(Check, iter: Iterations);
        ByteMutations.Of(valid).Sample(Check, iter: Iterations);
    }

    [Fact]
    public void Fuzz_ValidatorRecord() => Fuzz(RecordHex, b => Canonical.Encode(Canonical.Decode<ValidatorRecord>(b)), 55, 66);

    [Fact]
    public void Fuzz_UnbondingQueue() => Fuzz(QueueHex, b => Canonical.Encode(Canonical.Decode<UnbondingQueue>(b)));

    [Fact]
    public void Fuzz_ValidatorRegistry() => Fuzz(RegistryHex, b => Canonical.Encode(Canonical.Decode<ValidatorRegistry>(b)));

    [Fact]
    public void Fuzz_ProcessedEvidence() => Fuzz(EvidenceHex, b => Canonical.Encode(Canonical.Decode<ProcessedEvidence>(b)), 0, 12);

    [Theory]
    [MemberData(nameof(StakingTransactions))]
    public void Fuzz_staking_transactions(string name, string hex, string id)
    {
        Assert.NotEmpty(name + id);
        Fuzz(hex, b => Transaction.FromBytes(b).Encoded.ToArray());
    }

    [Fact]
    public void Every_61_byte_string_with_a_valid_flag_is_a_record()
    {
        Gen.Byte.Array[61].Sample(bytes =>
        {
            bytes[48] &= 1;
            Assert.Equal(bytes, Canonical.Encode(Canonical.Decode<ValidatorRecord>(bytes)));
        }, iter: Iterations);
    }
}
