using System.Text.Json.Nodes;
using Lamina.L1.Modules;
using Lamina.L1.Transactions;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests.Modules;

/// <summary>
/// The bank and staking formats reproduce what the closed switches did before modules: the JSON kind names (the enum
/// name in lower case), the payload fields only transfers showed, and the value counted in the maximum cost.
/// </summary>
public sealed class BuiltInFormatTests
{
    public static TheoryData<TxPayload, string, string, ulong> Payloads => new()
    {
        { new TransferPayload(Addr(2), 123), "transfer", $"{{\"to\":\"{Addr(2)}\",\"amount\":\"123\"}}", 123 },
        { new StakePayload(456), "stake", "{}", 456 },
        { new UnstakePayload(789), "unstake", "{}", 0 },
        { new UnjailPayload(), "unjail", "{}", 0 },
        { new WithdrawUnbondedPayload(), "withdrawunbonded", "{}", 0 },
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Each_built_in_kind_keeps_its_name_view_and_value(TxPayload payload, string name, string json, ulong value)
    {
        var format = TxFormats.Of(payload);
        Assert.Equal(payload.Kind, format.Kind);
        Assert.Equal(name, format.Name);
        Assert.Equal(payload.Kind.ToString().ToLowerInvariant(), format.Name);
        var view = new JsonObject();
        format.WriteJson(payload, view);
        Assert.Equal(json, view.ToJsonString());
        Assert.Equal((UInt128)value, format.ValueAtRisk(payload));
        format.CheckStateless(payload);
    }

    [Fact]
    public void Every_built_in_kind_has_a_format_and_an_executing_module()
    {
        var registry = L1ModuleRegistry.Standard(Staking.StakingParameters.Default);
        var standardWithBlobs = L1ModuleRegistry.Standard(Staking.StakingParameters.Default, L1.Blobs.BlobParameters.Default);
        var withBlobs = standardWithBlobs.With(new L1.Rollups.RollupsModule()).With(new L1.ZkRollups.ZkRollupsModule(standardWithBlobs.Find<L1.Blobs.BlobModule>()!));
        foreach (var kind in Enum.GetValues<TxKind>())
        {
            Assert.Equal(kind, TxFormats.Find((byte)kind)!.Kind);
            // Blobs and rollup kinds decode everywhere but execute only on a chain that opts in to their module.
            var optIn = kind is TxKind.Blob or >= TxKind.RollupRegister;
            Assert.Equal(kind switch { TxKind.Transfer => "bank", TxKind.Blob => "blobs", >= TxKind.ZkRegister => "zkrollups", >= TxKind.RollupRegister => "rollups", _ => "staking" }, withBlobs.ModuleFor(kind)!.Name);
            if (optIn) Assert.Null(registry.ModuleFor(kind));
            else Assert.Equal(withBlobs.ModuleFor(kind)!.Name, registry.ModuleFor(kind)!.Name);
        }
        Assert.Equal(["bank", "staking"], registry.Modules.Select(m => m.Name));
    }
}
