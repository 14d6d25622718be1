using System.Text.Json.Nodes;
using Lamina.Core.Codec;
using Lamina.L1.Transactions;

namespace Lamina.L1.Modules;

/// <summary>
/// Everything about one transaction kind that needs no state: its number, its name, how its body decodes, the
/// checks it must pass before any state is read, the value it can move beyond gas (for the sender's maximum cost),
/// and its JSON view. Owned by the module that executes the kind; registered process-wide in <see cref="TxFormats"/>
/// because transactions are decoded before anyone knows which chain they are for.
/// </summary>
public abstract class TxKindFormat
{
    public abstract TxKind Kind { get; }

    /// <summary>The kind's name in JSON views: lower case, stable (RPC clients match on it).</summary>
    public abstract string Name { get; }

    /// <summary>Reads the body after the kind byte; throws <see cref="CodecException"/> on bad bytes.</summary>
    public abstract TxPayload DecodeBody(ref CanonicalReader reader);

    /// <summary>Value the payload can take from the sender beyond gas; part of the most a transaction can cost.</summary>
    public abstract UInt128 ValueAtRisk(TxPayload payload);

    /// <summary>Payload checks that need no state; throws <see cref="TransactionRejectedException"/>.</summary>
    public abstract void CheckStateless(TxPayload payload);

    /// <summary>Adds the payload's own fields to a transaction's JSON view.</summary>
    public abstract void WriteJson(TxPayload payload, JsonObject json);

    /// <summary>
    /// True for kinds that are large by nature (blobs): the mempool admits them up to
    /// <see cref="Mempool.MempoolOptions.MaxDataTransactionBytes"/> instead of the tighter per-transaction cap.
    /// </summary>
    public virtual bool CarriesData => false;
}

/// <summary><see cref="TxKindFormat"/> for one payload type, so a module's format code is typed.</summary>
public abstract class TxKindFormat<TPayload> : TxKindFormat where TPayload : TxPayload
{
    public sealed override UInt128 ValueAtRisk(TxPayload payload) => ValueAtRisk(Typed(payload));
    public sealed override void CheckStateless(TxPayload payload) => CheckStateless(Typed(payload));
    public sealed override void WriteJson(TxPayload payload, JsonObject json) => WriteJson(Typed(payload), json);

    protected virtual UInt128 ValueAtRisk(TPayload payload) => UInt128.Zero;
    protected virtual void CheckStateless(TPayload payload) { }
    protected virtual void WriteJson(TPayload payload, JsonObject json) { }

    private TPayload Typed(TxPayload payload) => payload as TPayload
        ?? throw new ArgumentException($"kind {Name} expects a {typeof(TPayload).Name}, not a {payload.GetType().Name}", nameof(payload));
}
