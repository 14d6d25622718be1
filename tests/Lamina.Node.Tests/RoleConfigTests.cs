namespace Lamina.Node.Tests;

/// <summary>Role sets in config.json: "roles" lists several, a lone "role" still works, and unknown roles are refused by name.</summary>
public sealed class RoleConfigTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lamina-role-tests-" + Guid.NewGuid().ToString("N"));

    public RoleConfigTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private NodeConfig Load(string json, IReadOnlyList<string>? known = null)
    {
        File.WriteAllText(Path.Combine(_dir, NodeConfig.FileName), json);
        return NodeConfig.Load(_dir, known);
    }

    [Fact]
    public void A_single_role_still_works_and_is_the_role_set()
    {
        var config = Load("{\"role\":\"full\"}");
        Assert.Equal("full", config.Role);
        Assert.Equal(["full"], config.RoleSet);
        Assert.Equal(["validator"], Load("{}").RoleSet);
    }

    [Fact]
    public void Roles_list_several_and_role_defaults_to_the_first()
    {
        var config = Load("{\"roles\":[\"full\",\"echo\"]}", ["validator", "full", "echo"]);
        Assert.Equal(["full", "echo"], config.RoleSet);
        Assert.Equal("full", config.Role);
        config.Save(_dir);
        var again = NodeConfig.Load(_dir, ["validator", "full", "echo"]);
        Assert.Equal(["full", "echo"], again.RoleSet);
        Assert.Equal("full", again.Role);
    }

    [Theory]
    [InlineData("{\"role\":\"miner\"}", "role \"miner\" is unknown; known roles: validator, full, da, light")]
    [InlineData("{\"roles\":[\"validator\",\"oracle\"]}", "role \"oracle\" is unknown; known roles: validator, full, da, light, sequencer, verifier, challenger")]
    [InlineData("{\"roles\":[]}", "roles must name at least one role; known roles: validator, full, da, light")]
    [InlineData("{\"roles\":[null]}", "roles must not contain null")]
    [InlineData("{\"roles\":[\"full\",\"full\"]}", "role \"full\" is listed twice")]
    [InlineData("{\"role\":\"validator\",\"roles\":[\"full\"]}", "role \"validator\" is not one of roles [full]")]
    [InlineData("{\"roles\":[\"validator\"],\"validatorKeyFile\":null}", "a validator needs validatorKeyFile")]
    [InlineData("{\"role\":null}", "role must be a string")]
    public void Bad_role_sets_are_refused_with_a_reason(string json, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => Load(json));
        Assert.Contains(expected, e.Message);
    }
}
