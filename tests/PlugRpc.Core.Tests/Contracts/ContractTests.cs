using PlugRpc.Dispatch;
using PlugRpc.Transport;

namespace PlugRpc.Core.Tests.Contracts;

public sealed class ContractTests
{
    [Theory]
    [InlineData("tcp://127.0.0.1:7000", "tcp", "127.0.0.1:7000")]
    [InlineData("TCP://host:1", "tcp", "host:1")]
    [InlineData("unix:///run/a.sock", "unix", "/run/a.sock")]
    public void Addresses_split_into_scheme_and_target(string text, string scheme, string target)
    {
        var address = RpcAddress.Parse(text);

        Assert.Equal(scheme, address.Scheme);
        Assert.Equal(target, address.Target);
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:7000")]
    [InlineData("tcp://")]
    public void Malformed_addresses_are_refused_with_an_example(string text)
    {
        var error = Assert.Throws<FormatException>(() => RpcAddress.Parse(text));

        Assert.Contains("tcp://127.0.0.1:7000", error.Message);
    }

    [Fact]
    public void Host_and_port_come_out_of_ipv6_brackets()
    {
        Assert.Equal(("::1", 7000), RpcAddress.Parse("tcp://[::1]:7000").GetHostAndPort());
        Assert.Throws<FormatException>(() => RpcAddress.Parse("tcp://nohost").GetHostAndPort());
    }

    [Fact]
    public void Metadata_keeps_insertion_order_and_replaces_in_place()
    {
        var metadata = new Metadata { ["b"] = "1", ["a"] = "2" };
        metadata["b"] = "3";
        metadata["c"] = null;

        Assert.Equal(["b=3", "a=2"], metadata.Select(p => $"{p.Key}={p.Value}"));
        metadata["b"] = null;
        Assert.False(metadata.ContainsKey("b"));
    }

    [Theory]
    [InlineData("ArithService.Add", "ArithService", "Add")]
    [InlineData("a.b.C.Method", "a.b.C", "Method")]
    public void Service_method_splits_at_the_last_dot(string text, string service, string method)
    {
        Assert.Equal((service, method), ServiceNaming.Split(text));
    }

    [Theory]
    [InlineData("Add")]
    [InlineData(".Add")]
    [InlineData("Arith.")]
    public void A_name_without_service_and_method_is_an_invalid_argument(string text)
    {
        var error = Assert.Throws<RpcException>(() => ServiceNaming.Split(text));

        Assert.Equal(RpcStatusCode.InvalidArgument, error.StatusCode);
    }
}
