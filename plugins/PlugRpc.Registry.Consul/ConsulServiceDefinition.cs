using System.Text.Json;
using System.Text.Json.Serialization;
using PlugRpc.Discovery;
using PlugRpc.Transport;

namespace PlugRpc.Registry.Consul;

/// <summary>
/// The body of PUT /v1/agent/service/register for one registration: service name = the app key, service ID = the
/// app key and go-rpc's node name (unique per agent), Address and Port from the instance's address, its metadata as
/// Meta, each routing tag also as a Consul tag "k=v" for people browsing Consul, and one TTL check.
/// </summary>
internal sealed class ConsulServiceDefinition
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private ConsulServiceDefinition(string id, string name, string address, int port, IReadOnlyList<string> tags, IReadOnlyDictionary<string, string> meta, ConsulTtlCheck check)
    {
        ID = id;
        Name = name;
        Address = address;
        Port = port;
        Tags = tags;
        Meta = meta;
        Check = check;
    }

    public string ID { get; }

    public string Name { get; }

    public string Address { get; }

    public int Port { get; }

    public IReadOnlyList<string> Tags { get; }

    public IReadOnlyDictionary<string, string> Meta { get; }

    public ConsulTtlCheck Check { get; }

    /// <summary>The service ID a registration has in Consul, e.g. "my-app-tcp@127.0.0.1:8888".</summary>
    public static string IdOf(ServiceRegistration registration) =>
        registration.AppKey + "-" + InstanceNodeName.Of(registration.Instance.Address);

    /// <exception cref="RegistryException">The registration does not fit a Consul service (no host:port address, metadata Consul rejects).</exception>
    public static ConsulServiceDefinition For(ServiceRegistration registration, ConsulSettings settings)
    {
        if (string.IsNullOrEmpty(registration.AppKey))
        {
            throw new RegistryException($"consul cannot publish {registration}: the app key (the Consul service name) is empty");
        }

        string host;
        int port;
        try
        {
            (host, port) = RpcAddress.Parse(registration.Instance.Address).GetHostAndPort();
        }
        catch (FormatException ex)
        {
            throw new RegistryException($"consul cannot publish {registration}: a Consul service is a host and port, and {ex.Message}", ex);
        }

        if (port == 0)
        {
            throw new RegistryException($"consul cannot publish {registration}: port 0 is not a port clients can call");
        }

        var meta = ConsulMeta.Of(registration);
        var id = IdOf(registration);
        return new ConsulServiceDefinition(
            id,
            registration.AppKey,
            host,
            port,
            RoutingTags(registration.Instance),
            meta,
            new ConsulTtlCheck("service:" + id, $"PlugRpc TTL of {id}", ConsulDuration.Format(settings.Ttl), ConsulDuration.Format(settings.DeregisterAfter)));
    }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    private static IReadOnlyList<string> RoutingTags(ServiceInstance instance)
    {
        try
        {
            return InstanceTags.Of(instance).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key + "=" + t.Value).ToList();
        }
        catch (FormatException)
        {
            // The metadata is published as it is; tags it cannot read are only not shown as Consul tags.
            return [];
        }
    }
}

/// <summary>The service's TTL check: critical unless passed within TTL; the agent removes the service once critical for DeregisterCriticalServiceAfter.</summary>
internal sealed record ConsulTtlCheck(string CheckID, string Name, string TTL, string DeregisterCriticalServiceAfter);
