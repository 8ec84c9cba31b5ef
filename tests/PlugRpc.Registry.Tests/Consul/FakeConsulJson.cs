using System.Globalization;

namespace PlugRpc.Registry.Tests.Consul;

/// <summary>The fake agent's answers in the shapes of Consul's API docs (Node, Service, Checks), field names as Consul writes them.</summary>
internal static class FakeConsulJson
{
    public static object Entry(FakeConsulHealthEntry entry) => new
    {
        Node = new
        {
            ID = entry.NodeId,
            Node = FakeConsulAgent.NodeName,
            Address = FakeConsulAgent.NodeAddress,
            Datacenter = "dc1",
            TaggedAddresses = new { lan = FakeConsulAgent.NodeAddress, wan = FakeConsulAgent.NodeAddress },
            Meta = new Dictionary<string, string> { ["consul-network-segment"] = string.Empty },
            CreateIndex = 1,
            ModifyIndex = 1,
        },
        Service = Service(entry.Service),
        Checks = entry.Checks.Select(c => Check(c, c.ServiceID.Length > 0 ? entry.Service.Tags : null)).ToList(),
    };

    public static object Service(FakeConsulService service) => new
    {
        service.ID,
        Service = service.Name,
        Tags = service.Tags ?? [],
        service.Address,
        service.Meta,
        service.Port,
        Weights = new { Passing = 1, Warning = 1 },
        EnableTagOverride = false,
        service.CreateIndex,
        service.ModifyIndex,
    };

    public static object Check(FakeConsulCheck check, IReadOnlyList<string>? serviceTags = null) => new
    {
        Node = FakeConsulAgent.NodeName,
        check.CheckID,
        check.Name,
        check.Status,
        check.Notes,
        check.Output,
        check.ServiceID,
        check.ServiceName,
        ServiceTags = serviceTags ?? [],
        Type = check.Ttl is null ? string.Empty : "ttl",
        Definition = new
        {
            TTL = Duration(check.Ttl),
            DeregisterCriticalServiceAfter = Duration(check.DeregisterAfter),
        },
        check.CreateIndex,
        check.ModifyIndex,
    };

    private static string Duration(TimeSpan? value) =>
        value is { } given ? ((long)given.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms" : "0s";
}
