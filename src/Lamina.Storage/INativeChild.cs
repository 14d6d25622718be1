namespace Lamina.Storage;

/// <summary>A native resource that must be released before its database closes.</summary>
internal interface INativeChild
{
    /// <summary>0 releases in the first wave (iterators), anything else in the second (snapshots).</summary>
    int ReleaseOrder { get; }

    void ReleaseNative();
}
