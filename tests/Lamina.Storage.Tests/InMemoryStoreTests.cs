namespace Lamina.Storage.Tests;

public sealed class InMemoryStoreTests : KeyValueStoreContract
{
    protected override IKeyValueStore CreateEmptyStore() => new InMemoryStore();
}
