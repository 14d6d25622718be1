namespace Lamina.DataAvailability.Shares;

/// <summary>A rollup's payload in one user namespace: what the square carries.</summary>
public sealed class Blob
{
    public Blob(Namespace ns, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (ns.IsReserved || ns.Version != Namespace.UserVersion) throw new ArgumentException($"blobs use version-0 user namespaces, not {ns}", nameof(ns));
        if (data.Length == 0) throw new ArgumentException("a blob is never empty", nameof(data));
        if (data.Length > Share.MaxBlobLength) throw new ArgumentException($"a blob holds at most {Share.MaxBlobLength} bytes", nameof(data));
        Namespace = ns;
        Data = data;
    }

    public Namespace Namespace { get; }
    public byte[] Data { get; }

    /// <summary>Shares this blob occupies: one first share, then continuation shares.</summary>
    public int ShareCount => 1 + (Math.Max(0, Data.Length - Share.FirstCapacity) + Share.ContinuationCapacity - 1) / Share.ContinuationCapacity;
}
