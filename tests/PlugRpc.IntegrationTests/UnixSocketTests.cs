using PlugRpc.IntegrationTests.Infrastructure;

namespace PlugRpc.IntegrationTests;

public sealed class UnixSocketTests
{
    [Fact]
    public async Task Serves_over_a_socket_file_and_removes_it_on_shutdown()
    {
        var path = SocketPath();
        var bed = await TestBed.StartAsync(listenOn: $"unix://{path}");

        Assert.Equal(3, (await bed.AddAsync(1, 2)).Reply);
        Assert.True(File.Exists(path));
        await bed.DisposeAsync();

        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_stale_socket_file_is_replaced()
    {
        var path = SocketPath();
        // What a crashed server leaves behind: a path nobody answers on (.NET unlinks its own on close).
        File.WriteAllText(path, string.Empty);

        Assert.True(File.Exists(path));
        await using var bed = await TestBed.StartAsync(listenOn: $"unix://{path}");

        Assert.Equal(3, (await bed.AddAsync(1, 2)).Reply);
    }

    [Fact]
    public async Task A_socket_file_in_use_is_refused()
    {
        var path = SocketPath();
        await using var first = await TestBed.StartAsync(listenOn: $"unix://{path}");

        var error = await Assert.ThrowsAsync<RpcException>(() => TestBed.StartAsync(listenOn: $"unix://{path}"));

        Assert.Equal($"cannot listen on unix://{path}: another server is listening there", error.Message);
        Assert.Equal(3, (await first.AddAsync(1, 2)).Reply);
    }

    [Fact]
    public async Task Nothing_at_the_path_is_unavailable_naming_it()
    {
        var path = SocketPath();
        await using var bed = await TestBed.StartAsync(configureClient: c => c.Addresses = [$"unix://{path}"]);

        var error = await Assert.ThrowsAsync<RpcException>(() => bed.AddAsync(1, 2));

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains(path, error.Message);
    }

    private static string SocketPath() => Path.Combine(Path.GetTempPath(), $"plugrpc-{Guid.NewGuid():N}.sock");
}
