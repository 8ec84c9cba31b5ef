using Xunit.Abstractions;
using Xunit.Sdk;

namespace PlugRpc.Registry.Tests.Infrastructure;

/// <summary>Marks a test class whose tests need a registry server installed: "zookeeper" or "etcd" (none for the in-process fake).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NeedsRegistryServerAttribute(string server) : Attribute
{
    public string Server { get; } = server;
}

/// <summary>
/// A test declared once in a base class and run for each registry: skipped where the concrete class's
/// <see cref="NeedsRegistryServerAttribute"/> names a server this machine lacks (unless the test command requires it).
/// </summary>
[XunitTestCaseDiscoverer("PlugRpc.Registry.Tests.Infrastructure.RegistryFactDiscoverer", "PlugRpc.Registry.Tests")]
public sealed class RegistryFactAttribute : FactAttribute
{
}

public sealed class RegistryFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    private readonly IMessageSink sink = diagnosticMessageSink;

    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var needs = testMethod.TestClass.Class.GetCustomAttributes(typeof(NeedsRegistryServerAttribute)).FirstOrDefault();
        var server = needs?.GetConstructorArguments().FirstOrDefault() as string;
        if (server is not null && RegistryServers.SkipReason(server) is { } reason)
        {
            return [new SkippedTestCase(sink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
        }

        return base.Discover(discoveryOptions, testMethod, factAttribute);
    }
}

/// <summary>A test case xunit reports as skipped, with its reason.</summary>
public sealed class SkippedTestCase : XunitTestCase
{
    private string reason = string.Empty;

    [Obsolete("Called by the de-serializer", error: true)]
    public SkippedTestCase()
    {
    }

    public SkippedTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method, string reason)
        : base(sink, display, options, method)
    {
        this.reason = reason;
    }

    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("SkipReason", reason);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        base.Deserialize(data);
        reason = data.GetValue<string>("SkipReason");
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) => reason;
}
