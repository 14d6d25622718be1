using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Chain;
using Lamina.L1.Modules;
using Lamina.L1.State;
using Lamina.L1.Transactions;
using Lamina.Node.Modules;
using Lamina.Node.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Lamina.Node.Tests.Modules;

/// <summary>Adds <see cref="Units"/> to the sender's meter.</summary>
public sealed class MeterPayload(ulong units) : TxPayload
{
    public const TxKind KindNumber = (TxKind)0xE1;
    public ulong Units { get; } = units;
    public override TxKind Kind => KindNumber;
    public override ulong IntrinsicGas => 30_000;
    public override void EncodeBody(CanonicalWriter writer) => writer.WriteU64(Units);
}

/// <summary>The meter layer's one record type.</summary>
public sealed record MeterReading(ulong Value) : ICanonical<MeterReading>
{
    public void Encode(CanonicalWriter writer) => writer.WriteU64(Value);
    public static MeterReading Decode(ref CanonicalReader reader) => new(reader.ReadU64("meter reading"));
}

/// <summary>
/// A whole test-only layer, written only against the public seams as the DA and rollup layers will be: an L1 module
/// (its own transaction kind with a JSON view, its own records, an end-block hook, a view of its records) and a node
/// module (its own role, an RPC namespace that reads the chain, and the L1 module handed to the chain). No file of
/// Lamina.L1 or Lamina.Node names it.
/// </summary>
public sealed class MeterLayer : INodeModule
{
    public const string Role = "meter";
    public const string ModuleName = "meter";
    public static readonly Hash256 BlocksKey = StateKeys.Module(ModuleName, "blocks"u8);

    public static Hash256 MeterKey(Address owner) => StateKeys.Module(ModuleName, owner.ToArray());

    public static ulong Read(WorldState state, Hash256 key) => state.GetRecord<MeterReading>(key)?.Value ?? 0;

    public string Name => "meter";
    public IReadOnlyList<string> Roles { get; } = [Role];
    public IReadOnlyList<PeerChannel> PeerChannels { get; } = [];

    public void ConfigureServices(NodeModuleContext context, IServiceCollection services)
    {
        services.AddSingleton<L1Module>(new MeterL1Module());
        services.AddSingleton<IRpcMethodSet>(sp => new MeterMethods(sp.GetRequiredService<Blockchain>()));
    }

    public void Configure(NodeModuleContext context, WebApplication app)
    {
    }

    public void DescribeEndpoints(JsonObject entry, string baseUrl) => entry["meter"] = baseUrl + "/rpc#meter_read";

    /// <summary>The L1 half: executes meter transactions and counts, at end of block, the blocks it has seen.</summary>
    public sealed class MeterL1Module : L1Module
    {
        public override string Name => ModuleName;
        public override IReadOnlyList<TxKindFormat> TxKinds => [new MeterFormat()];

        public override void Apply(WorldState state, Transaction tx, in BlockContext block)
        {
            var payload = (MeterPayload)tx.Payload;
            state.SetRecord(MeterKey(tx.From), new MeterReading(checked(Read(state, MeterKey(tx.From)) + payload.Units)));
        }

        public override void EndBlock(WorldState state, in BlockContext block)
            => state.SetRecord(BlocksKey, new MeterReading(checked(Read(state, BlocksKey) + 1)));

        public override JsonObject? ViewRecords(WorldState state, Address owner)
            => Read(state, MeterKey(owner)) is var units and > 0 ? new JsonObject { ["units"] = units } : null;
    }

    private sealed class MeterFormat : TxKindFormat<MeterPayload>
    {
        public override TxKind Kind => MeterPayload.KindNumber;
        public override string Name => ModuleName;
        public override TxPayload DecodeBody(ref CanonicalReader reader) => new MeterPayload(reader.ReadU64("meter units"));

        protected override void CheckStateless(MeterPayload payload)
        {
            if (payload.Units == 0) throw new TransactionRejectedException(TxRejectReason.Malformed, "a meter reading of zero units does nothing");
        }

        protected override void WriteJson(MeterPayload payload, JsonObject json) => json["units"] = payload.Units.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The node half: meter_read answers from the chain's state, as any layer's RPC reads its own records.</summary>
    private sealed class MeterMethods(Blockchain chain) : IRpcMethodSet
    {
        public string Namespace => "meter";
        public IReadOnlyList<string> Names { get; } = ["meter_read"];

        public JsonNode? Invoke(string method, RpcParams parameters)
        {
            if (method != "meter_read") throw new RpcException(RpcErrorCodes.MethodNotFound, $"method '{method}' does not exist; available: meter_read");
            var state = chain.StateAt();
            var owner = parameters.RequireAddress(0, "address");
            return new JsonObject { ["units"] = Read(state, MeterKey(owner)), ["blocks"] = Read(state, BlocksKey) };
        }
    }
}
