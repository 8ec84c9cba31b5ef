using PlugRpc.Buffers;
using PlugRpc.Dispatch;

namespace PlugRpc.Core.Tests.Dispatch;

public sealed class ServiceCatalogTests
{
    private static readonly JsonTestCodec Codec = new();

    [Theory]
    [InlineData("Fill", 2, 3, 6)]
    [InlineData("FillLater", 2, 3, 6)]
    [InlineData("Returns", 5, 3, 1002)]
    [InlineData("ReturnsValueTask", 4, 0, 10)]
    [InlineData("Synchronous", 9, 0, 9)]
    [InlineData("Renamed", 0, 0, 7)]
    [InlineData("Sum", 20, 22, 42)]
    public async Task Every_supported_shape_is_called_with_the_decoded_request(string method, long a, long b, long expected)
    {
        var catalog = new ServiceCatalog();
        Assert.Equal("Shapes", catalog.Add(new ShapesService()));

        var reply = await InvokeAsync(catalog, "Shapes", method, new Numbers { A = a, B = b });

        Assert.Equal(expected, reply.Reply);
    }

    [Fact]
    public void The_service_name_defaults_to_the_class_name()
    {
        var catalog = new ServiceCatalog();

        Assert.Equal("UnnamedService", catalog.Add(new UnnamedService()));
        Assert.True(catalog.TryFind("UnnamedService", "Echo", out _, out _));
    }

    [Fact]
    public void Unknown_service_and_method_report_go_rpc_texts()
    {
        var catalog = new ServiceCatalog();
        catalog.Add(new ShapesService());

        Assert.False(catalog.TryFind("NoSuch", "Fill", out _, out var noService));
        Assert.Equal("can not find service", noService);
        Assert.False(catalog.TryFind("Shapes", "Helper", out _, out var noMethod));
        Assert.Equal("can not find method", noMethod);
    }

    [Fact]
    public void An_unsupported_signature_is_refused_at_registration_with_the_method_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCatalog().Add(new BadShapeService()));

        Assert.Contains("BadShapeService.TooMany cannot be served", error.Message);
        Assert.Contains("[RpcIgnore]", error.Message);
    }

    [Fact]
    public void A_service_name_cannot_be_registered_twice()
    {
        var catalog = new ServiceCatalog();
        catalog.Add(new ShapesService());

        var error = Assert.Throws<ArgumentException>(() => catalog.Add(new ShapesService()));

        Assert.Contains("'Shapes' is already registered", error.Message);
    }

    [Fact]
    public async Task An_undecodable_body_is_an_invalid_argument_naming_the_type_and_method()
    {
        var catalog = new ServiceCatalog();
        catalog.Add(new ShapesService());
        catalog.TryFind("Shapes", "Sum", out var method, out _);
        var call = new ServerCall(method!, Codec, new System.Buffers.ReadOnlySequence<byte>("not json"u8.ToArray()), new Metadata(), "test", default);

        var error = await Assert.ThrowsAsync<RpcException>(() => method!.InvokeAsync(call).AsTask());

        Assert.Equal(RpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("cannot decode Numbers for Shapes.Sum", error.Message);
    }

    private static async Task<Total> InvokeAsync(ServiceCatalog catalog, string service, string methodName, Numbers request)
    {
        Assert.True(catalog.TryFind(service, methodName, out var method, out var error), error);
        using var body = new PooledBufferWriter();
        Codec.Serialize(body, request);
        using var cancellation = new CancellationTokenSource();
        var call = new ServerCall(method!, Codec, body.WrittenSequence, new Metadata { ["k"] = "v" }, "test", cancellation.Token);
        await method!.InvokeAsync(call);
        return Codec.Deserialize<Total>(call.ResponseBody.WrittenSequence);
    }
}
