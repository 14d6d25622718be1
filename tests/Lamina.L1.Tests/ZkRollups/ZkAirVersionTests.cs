using Lamina.L1.Transactions;
using Lamina.L1.ZkRollups;
using Lamina.L2.Zk.Proving;
using static Lamina.L1.Tests.ZkRollups.ZkKit;

namespace Lamina.L1.Tests.ZkRollups;

/// <summary>
/// L1 keeps one verifier per AIR version: a rollup registers a version L1 verifies, and only that version's verifier
/// checks its batches; a proof of any other version is refused before anything is verified. The dispatch is tested
/// with a second version that is the real batch verifier under another number, so both verifiers run real proofs.
/// </summary>
public sealed class ZkAirVersionTests
{
    private const byte Other = 7;

    [Fact]
    public void The_chain_verifies_the_version_the_prover_proves_with()
    {
        Assert.Equal([ZkBatchProof.NativeChallengeVersion, ZkBatchProof.QuinticNextYVersion, ZkBatchProof.Version], ZkAirVersions.Default.Versions);
        Assert.Equal(ZkBatchProof.Version, ZkAirVersions.Current);
        Assert.Equal(6, ZkAirVersions.Current);
        Assert.Equal(ZkAirVersions.Current, new ZkKit().Rollup.Config.AirVersion);
    }

    [Theory]
    [InlineData(ZkBatchProof.NativeChallengeVersion)]
    [InlineData(ZkBatchProof.QuinticNextYVersion)]
    public void A_rollup_registered_under_an_earlier_version_is_still_verified_by_its_verifier_and_refuses_current_proofs(byte version)
    {
        // Batch proof v4 (challenges hashed natively by the verifier) and v5 (the next-y constraint at degree 5) stay
        // verifiable for rollups that registered them.
        var atOld = Funded(ZkAirVersions.Default, version);
        var old = new ZkBatchProver(Domain, Lamina.Stark.Proofs.ProofOptions.Default, proofVersion: version)
            .Prove(atOld.L2, atOld.Pending(), atOld.Rollup.NextBatch);
        var current = atOld.Prove(atOld.Pending());
        Assert.Equal(version, old.Proof.Encode()[0]);
        Assert.Equal(ZkBatchProof.Version, current.Proof.Encode()[0]);
        Assert.True(ZkVerificationGas.For(4, 256, 0, 0, 0) > ZkVerificationGas.For(5, 256, 0, 0, 0), "v4 verification hashes per signer and costs more");
        Assert.Equal(ZkVerificationGas.For(5, 256, 0, 0, 0), ZkVerificationGas.For(6, 256, 0, 0, 0));
        var wrong = atOld.Submit(current);
        Assert.Equal(ZkRollupError.AirVersionMismatch, Assert.Throws<ZkRollupRejectedException>(() => atOld.Module.CheckAdmission(atOld.State, wrong)).Error);
        Assert.Equal(ZkRollupError.AirVersionMismatch, atOld.Refused(wrong));
        atOld.Block(atOld.Submit(old));
        Assert.Equal((1UL, old.Result.State.Accounts.Root), (atOld.Rollup.NextBatch, atOld.Rollup.AccountRoot));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)] // what L1 registered before it knew its verifier read batch proof v4 only
    [InlineData(ZkAirVersions.Current + 1)]
    [InlineData(255)]
    public void Registering_a_version_without_a_verifier_is_refused_with_a_typed_error(byte version)
    {
        var kit = new ZkKit(register: false);
        var register = kit.Tx(1, new ZkRegisterPayload(Config with { AirVersion = version }));
        var admission = Assert.Throws<ZkRollupRejectedException>(() => kit.Module.CheckAdmission(kit.State, register));
        Assert.Equal(ZkRollupError.UnsupportedAirVersion, admission.Error);
        Assert.Equal(ZkRollupError.UnsupportedAirVersion, kit.Refused(register));
        Assert.Null(ZkLedger.Find(kit.State, Id));
    }

    [Fact]
    public void Each_rollup_is_verified_by_its_own_versions_verifier_and_a_proof_of_another_version_is_refused()
    {
        var current = new CountingVerifier(new ZkBatchAirVerifier());
        Assert.Equal(ZkBatchProof.Version, current.Version);
        var other = new CountingVerifier(new RenumberedVerifier(Other));
        var versions = new ZkAirVersions(current, other);
        var atCurrent = Funded(versions, ZkAirVersions.Current);
        var atOther = Funded(versions, Other);
        // Both rollups hold the same state, so one batch proves for both; only its version byte differs.
        var proven = atCurrent.Prove(atCurrent.Pending());
        var currentProof = new ZkBatchAirVerifier.Proof(proven.Proof);
        var otherProof = new RenumberedVerifier.Proof(Other, currentProof);

        foreach (var (kit, wrong) in new[] { (atCurrent, (ZkAirProof)otherProof), (atOther, currentProof) })
        {
            var mismatch = Submission(kit, proven, wrong);
            Assert.Equal(ZkRollupError.AirVersionMismatch, Assert.Throws<ZkRollupRejectedException>(() => kit.Module.CheckAdmission(kit.State, mismatch)).Error);
            Assert.Equal(ZkRollupError.AirVersionMismatch, kit.Refused(mismatch));
        }
        Assert.Equal((0, 0), (current.Verified, other.Verified));

        atOther.Block(Submission(atOther, proven, otherProof));
        Assert.Equal((0, 1), (current.Verified, other.Verified));
        atCurrent.Block(Submission(atCurrent, proven, currentProof));
        Assert.Equal((1, 1), (current.Verified, other.Verified));
        Assert.All(new[] { atCurrent, atOther }, kit => Assert.Equal((1UL, proven.Result.State.Accounts.Root), (kit.Rollup.NextBatch, kit.Rollup.AccountRoot)));
    }

    [Fact]
    public void A_proof_decodes_by_its_version_and_one_of_a_version_without_a_verifier_does_not()
    {
        var versions = new ZkAirVersions(new ZkBatchAirVerifier(), new RenumberedVerifier(Other));
        var bytes = ZkCodecTests.Proof.Encode();
        Assert.IsType<ZkBatchAirVerifier.Proof>(versions.Decode(bytes));
        var renumbered = versions.Decode([Other, .. bytes.AsSpan(1)]);
        Assert.Equal(Other, renumbered.Version);
        Assert.Equal([Other, .. bytes.AsSpan(1)], renumbered.Encode());
        Assert.Equal(Core.Codec.CodecError.UnknownVersion, Assert.Throws<Core.Codec.CodecException>(() => ZkAirVersions.Default.Decode([Other, .. bytes.AsSpan(1)])).Error);
        Assert.Equal(Core.Codec.CodecError.Truncated, Assert.Throws<Core.Codec.CodecException>(() => ZkAirVersions.Default.Decode([])).Error);
        Assert.Throws<ArgumentException>(() => versions.With(new RenumberedVerifier(Other)));
    }

    private static ZkKit Funded(ZkAirVersions versions, byte airVersion)
    {
        var kit = new ZkKit(register: false, versions);
        kit.Block(kit.Tx(1, new ZkRegisterPayload(Config with { AirVersion = airVersion })));
        kit.Block(kit.Deposit(2, A, Alice, 1_000));
        return kit;
    }

    private static Transaction Submission(ZkKit kit, ZkProvenBatch proven, ZkAirProof proof) =>
        kit.Tx(1, new ZkBatchPayload(Id, proven.BatchNumber, ZkBatchEffects.FromPubdata(proven.Result.State.Accounts.Root, proven.Result.Ops, 0),
            BlobFeeCap, proven.Result.Pubdata, proof));

    /// <summary>Counts the proofs it verifies, then lets the verifier it wraps judge them.</summary>
    private sealed class CountingVerifier(ZkAirVerifier inner) : ZkAirVerifier
    {
        public int Verified { get; private set; }
        public override byte Version => inner.Version;
        public override ZkAirProof Decode(ReadOnlySpan<byte> proofBytes) => inner.Decode(proofBytes);

        public override int Verify(ZkAirProof proof, ZkAirStatement statement)
        {
            Verified++;
            return inner.Verify(proof, statement);
        }
    }

    /// <summary>The real batch statement under another version number: a second AIR version with real proofs.</summary>
    private sealed class RenumberedVerifier(byte version) : ZkAirVerifier
    {
        private readonly ZkBatchAirVerifier _real = new();
        public override byte Version => version;

        public override ZkAirProof Decode(ReadOnlySpan<byte> proofBytes)
        {
            if (proofBytes.IsEmpty || proofBytes[0] != version) throw new Core.Codec.CodecException(Core.Codec.CodecError.UnknownVersion, "not this version", 0);
            return new Proof(version, _real.Decode([ZkBatchProof.Version, .. proofBytes[1..]]));
        }

        public override int Verify(ZkAirProof proof, ZkAirStatement statement) => _real.Verify(((Proof)proof).Real, statement);

        public sealed class Proof(byte version, ZkAirProof real) : ZkAirProof
        {
            public ZkAirProof Real { get; } = real;
            public override byte Version => version;
            public override byte[] Encode() => [version, .. Real.Encode().AsSpan(1)];
            public override ulong VerificationGas(uint pubdataBytes, int proofBytes) => Real.VerificationGas(pubdataBytes, proofBytes);
        }
    }
}
