using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Modules;
using Lamina.L1.State;
using Lamina.L1.Transactions;

namespace Lamina.L1.Tests.Modules;

/// <summary>Adds <see cref="Amount"/> to the sender's tally.</summary>
public sealed class TallyPayload(ulong amount) : TxPayload
{
    public const TxKind KindNumber = (TxKind)0xE0;
    public ulong Amount { get; } = amount;
    public override TxKind Kind => KindNumber;
    public override ulong IntrinsicGas => 25_000;
    public override void EncodeBody(CanonicalWriter writer) => writer.WriteU64(Amount);
}

/// <summary>
/// A module written only against L1's public seams, as the data-availability or rollup modules will be: one
/// transaction kind with its own records, begin- and end-block hooks, a header field (the data root) and JSON
/// views. Its apply writes first and checks afterwards, on purpose: the pipeline's checkpoint must undo the write.
/// </summary>
public sealed class TallyModule(ulong limit = 1_000) : L1Module
{
    public const string ModuleName = "tally";
    public static readonly Hash256 TotalKey = StateKeys.Module(ModuleName, "total"u8);
    public static readonly Hash256 BlocksKey = StateKeys.Module(ModuleName, "blocks"u8);
    public static readonly Hash256 OpenKey = StateKeys.Module(ModuleName, "open"u8);

    public override string Name => ModuleName;
    public override IReadOnlyList<TxKindFormat> TxKinds => [new TallyFormat()];

    public static Hash256 TallyKey(Address owner) => StateKeys.Module(ModuleName, owner.ToArray());

    public static ulong Read(WorldState state, Hash256 key) => state.GetRecord<Counter>(key)?.Value ?? 0;

    /// <summary>Marks the block open; end-block checks the mark and counts the block, so both hooks must run, in order.</summary>
    public override void BeginBlock(WorldState state, in BlockContext block) => state.SetRecord(OpenKey, new Counter(block.Height));

    public override void Apply(WorldState state, Transaction tx, in BlockContext block)
    {
        var payload = (TallyPayload)tx.Payload;
        if (Read(state, OpenKey) != block.Height) throw new InvalidOperationException("apply ran outside begin-block/end-block");
        var tally = checked(Read(state, TallyKey(tx.From)) + payload.Amount);
        state.SetRecord(TallyKey(tx.From), new Counter(tally));
        state.SetRecord(TotalKey, new Counter(checked(Read(state, TotalKey) + payload.Amount)));
        if (tally > limit) throw new TransactionRejectedException(TxRejectReason.Malformed, $"a tally may not pass {limit}; this one would be {tally}");
    }

    public override void EndBlock(WorldState state, in BlockContext block)
    {
        if (Read(state, OpenKey) != block.Height) throw new InvalidOperationException("end-block without begin-block");
        state.SetRecord<Counter>(OpenKey, null);
        state.SetRecord(BlocksKey, new Counter(Read(state, BlocksKey) + 1));
    }

    /// <summary>The data root stands in for a blob commitment: a hash of the running total, zero while nothing was tallied.</summary>
    public override void ContributeHeader(WorldState state, in BlockContext block, IReadOnlyList<Transaction> transactions, HeaderFields fields)
    {
        var total = Read(state, TotalKey);
        if (total != 0) fields.SetDataRoot(ModuleName, DataRootFor(total));
    }

    public static Hash256 DataRootFor(ulong total)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, total);
        return new Hash256(SHA256.HashData(bytes));
    }

    public override JsonObject? ViewRecords(WorldState state, Address owner)
    {
        var tally = Read(state, TallyKey(owner));
        return tally == 0 ? null : new JsonObject { ["tally"] = tally };
    }

    private sealed class TallyFormat : TxKindFormat<TallyPayload>
    {
        public override TxKind Kind => TallyPayload.KindNumber;
        public override string Name => ModuleName;
        public override TxPayload DecodeBody(ref CanonicalReader reader) => new TallyPayload(reader.ReadU64("tally amount"));

        protected override void CheckStateless(TallyPayload payload)
        {
            if (payload.Amount == 0) throw new TransactionRejectedException(TxRejectReason.Malformed, "a tally of zero does nothing");
        }

        protected override void WriteJson(TallyPayload payload, JsonObject json) => json["amount"] = payload.Amount.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>The tally module's one record type.</summary>
public sealed record Counter(ulong Value) : ICanonical<Counter>
{
    public void Encode(CanonicalWriter writer) => writer.WriteU64(Value);
    public static Counter Decode(ref CanonicalReader reader) => new(reader.ReadU64("counter"));
}
