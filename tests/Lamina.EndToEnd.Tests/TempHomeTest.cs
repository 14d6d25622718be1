namespace Lamina.EndToEnd.Tests;

/// <summary>A per-test home directory under the system temp folder, removed afterwards.</summary>
public abstract class TempHomeTest(string prefix) : IDisposable
{
    protected string Home { get; } = Path.Combine(Path.GetTempPath(), $"lamina-{prefix}-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
        GC.SuppressFinalize(this);
    }
}
