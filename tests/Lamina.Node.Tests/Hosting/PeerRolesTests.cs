using Lamina.Node.Hosting;
using Lamina.Node.Tests.Support;

namespace Lamina.Node.Tests.Hosting;

/// <summary>
/// The peer-role table: a peer's announcement is kept while it is connected, forgotten when it disconnects (so the
/// table never outgrows the peer set), and taken again when it reconnects and announces anew.
/// </summary>
public sealed class PeerRolesTests
{
    [Fact]
    public void A_peers_roles_are_kept_while_it_is_connected_and_forgotten_when_it_leaves()
    {
        var hub = new HubNetwork();
        var light = hub.Join(1);
        var da = hub.Join(2);
        var lightRoles = new PeerRoles(light, ["light"]);
        var daRoles = new PeerRoles(da, ["da", "validator"]);
        lightRoles.Register();
        daRoles.Register();

        da.RaiseConnected(light); // the DA node greets the light node with its roles
        Assert.Equal(["da", "validator"], lightRoles.RolesOf(da.Id));
        Assert.True(lightRoles.Runs(da.Id, "da"));
        Assert.False(lightRoles.Runs(da.Id, "sequencer"));

        light.RaiseDisconnected(da);
        Assert.Null(lightRoles.RolesOf(da.Id));
        Assert.Null(lightRoles.Runs(da.Id, "da"));

        da.RaiseConnected(light); // back, and announcing again
        Assert.Equal(["da", "validator"], lightRoles.RolesOf(da.Id));
        Assert.Empty(light.Reported);
    }

    [Fact]
    public void Another_peers_disconnect_leaves_a_connected_peers_roles_alone()
    {
        var hub = new HubNetwork();
        var light = hub.Join(1);
        var da = hub.Join(2);
        var other = hub.Join(3);
        var lightRoles = new PeerRoles(light, ["light"]);
        new PeerRoles(da, ["da"]).Register();
        new PeerRoles(other, ["verifier"]).Register();
        lightRoles.Register();

        da.RaiseConnected(light);
        other.RaiseConnected(light);
        light.RaiseDisconnected(other);

        Assert.Equal(["da"], lightRoles.RolesOf(da.Id));
        Assert.Null(lightRoles.RolesOf(other.Id));
    }
}
