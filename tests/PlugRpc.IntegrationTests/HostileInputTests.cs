using System.Net;
using System.Net.Sockets;
using Autofac;
using Microsoft.Extensions.Logging;
using PlugRpc.IntegrationTests.Infrastructure;
using PlugRpc.Samples.Arith;

namespace PlugRpc.IntegrationTests;

/// <summary>A live server against floods, idlers, slow senders, random and mutated frames and abrupt hang-ups.</summary>
[Collection(AloneCollection.Name)]
public sealed class HostileInputTests
{
    [Fact]
    public async Task A_connection_past_its_in_flight_limit_is_slowed_not_queued()
    {
        await using var bed = await TestBed.StartAsync(configureServer: s => s.MaxConcurrentCallsPerConnection = 4);

        var calls = Enumerable.Range(0, 10)
            .Select(i => bed.Client.CallAsync<ArithRequest, ArithResponse>("Gate.Wait", new ArithRequest { A = i }))
            .ToArray();
        await Eventually.TrueAsync(() => bed.Gate.Entered == 4, "four calls entered");
        await Task.Delay(300);
        var enteredWhileFull = bed.Gate.Entered;
        bed.Gate.Release();
        var replies = await Task.WhenAll(calls);

        Assert.Equal(4, enteredWhileFull);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), replies.Select(r => r.Reply));
    }

    [Fact]
    public async Task An_idle_connection_is_closed_with_a_log_line_but_a_busy_one_is_kept()
    {
        var logs = new CapturedLogs();
        await using var bed = await TestBed.StartAsync(
            configureServer: s => s.IdleTimeout = TimeSpan.FromMilliseconds(300),
            extra: b => b.RegisterInstance(logs.CreateFactory()).As<ILoggerFactory>());
        using var idler = await RawFrames.ConnectAsync(bed.Address);

        var busy = bed.Client.CallAsync<ArithRequest, ArithResponse>("Gate.Wait", new ArithRequest { A = 9 });
        var closed = await RawFrames.PeerClosesAsync(idler.GetStream(), TimeSpan.FromSeconds(5));
        await Task.Delay(400);
        bed.Gate.Release();

        Assert.True(closed);
        Assert.Equal(9, (await busy).Reply);
        Assert.Contains(logs.Lines, l => l.Contains($"closing connection with 127.0.0.1:{((IPEndPoint)idler.Client.LocalEndPoint!).Port}: idle", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Thousands_of_random_and_mutated_frames_harm_nothing()
    {
        var logs = new CapturedLogs();
        await using var bed = await TestBed.StartAsync(
            configureServer: s =>
            {
                s.MaxFrameLength = 256 * 1024;
                s.IdleTimeout = TimeSpan.FromSeconds(2);
            },
            extra: b => b.RegisterInstance(logs.CreateFactory()).As<ILoggerFactory>());
        Assert.Equal(3, (await bed.AddAsync(1, 2)).Reply);
        var before = Memory();
        var random = new Random(20261124);
        var seeds = new[] { "add_request", "divide_by_zero_request", "bad_auth_request", "unknown_service_request", "heartbeat_request" }
            .Select(RawFrames.Vector).ToArray();
        var closedByServer = new List<int>();
        var uses = new Dictionary<int, int>();

        for (var round = 0; round < 30; round++)
        {
            var batch = Enumerable.Range(0, 12).Select(_ => Attack(bed.Address, seeds, new Random(random.Next()))).ToArray();
            foreach (var result in await Task.WhenAll(batch))
            {
                uses[result.LocalPort] = uses.GetValueOrDefault(result.LocalPort) + 1;
                if (result.ServerClosed)
                {
                    closedByServer.Add(result.LocalPort);
                }
            }
        }

        Assert.Equal(7, (await bed.AddAsync(3, 4)).Reply);
        await Eventually.TrueAsync(() => bed.Server.ConnectionCount == 1, "only the test client's connection left");
        Assert.True(Memory() < before + (32 * 1024 * 1024), $"memory grew from {before} to {Memory()}");
        Assert.NotEmpty(closedByServer);
        var warnings = logs.Lines.Where(l => l.StartsWith("Warning: closing connection with 127.0.0.1:", StringComparison.Ordinal)).ToList();
        foreach (var port in closedByServer)
        {
            Assert.Contains(warnings, l => l.StartsWith($"Warning: closing connection with 127.0.0.1:{port}:", StringComparison.Ordinal));
        }

        // One line per refused connection, never more (a client port may come round again for a later connection).
        foreach (var (port, count) in uses)
        {
            var lines = warnings.Count(l => l.StartsWith($"Warning: closing connection with 127.0.0.1:{port}:", StringComparison.Ordinal));
            Assert.True(lines <= count, $"port {port}: {lines} warnings for {count} connections");
        }
    }

    [Fact]
    public async Task Slow_senders_are_served_and_do_not_hold_up_anyone()
    {
        await using var bed = await TestBed.StartAsync();
        var frame = RawFrames.Vector("add_request");

        var slow = Enumerable.Range(0, 8).Select(async _ =>
        {
            using var socket = await RawFrames.ConnectAsync(bed.Address);
            foreach (var b in frame)
            {
                await socket.GetStream().WriteAsync(new[] { b });
                await Task.Delay(2);
            }

            return await RawFrames.ReadFrameAsync(socket.GetStream(), TimeSpan.FromSeconds(10));
        }).ToArray();
        var fast = await bed.AddAsync(5, 5);
        var answers = await Task.WhenAll(slow);

        Assert.Equal(10, fast.Reply);
        Assert.All(answers, a => Assert.Equal(Protocol.WireStatus.Ok, RawFrames.Decode(a!).Header.StatusCode));
    }

    [Fact]
    public async Task A_connection_that_trickles_a_frame_it_never_finishes_is_closed_as_idle()
    {
        await using var bed = await TestBed.StartAsync(configureServer: s => s.IdleTimeout = TimeSpan.FromMilliseconds(300));
        var frame = RawFrames.Vector("add_request");
        using var trickler = await RawFrames.ConnectAsync(bed.Address);
        var stream = trickler.GetStream();
        var closed = RawFrames.PeerClosesAsync(stream, TimeSpan.FromSeconds(5));

        // One byte every 50 ms, never the last one: bytes keep arriving, but no frame does.
        for (var i = 0; i < frame.Length - 1 && !closed.IsCompleted; i++)
        {
            try
            {
                await stream.WriteAsync(frame.AsMemory(i, 1));
            }
            catch (IOException)
            {
                break;
            }

            await Task.Delay(50);
        }

        Assert.True(await closed);
    }

    private static long Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>One hostile connection: a few frames, random or mutated from go-rpc's, then maybe an abrupt hang-up.</summary>
    private static async Task<(int LocalPort, bool ServerClosed)> Attack(string address, byte[][] seeds, Random random)
    {
        using var socket = await RawFrames.ConnectAsync(address);
        socket.LingerState = new LingerOption(true, 0);
        var port = ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
        var stream = socket.GetStream();
        try
        {
            for (var i = random.Next(1, 13); i > 0; i--)
            {
                await stream.WriteAsync(Mutate(seeds[random.Next(seeds.Length)], random));
            }

            if (random.Next(4) == 0)
            {
                return (port, false);
            }

            var buffer = new byte[64 * 1024];
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
            while (await stream.ReadAsync(buffer, wait.Token) > 0)
            {
            }

            return (port, true);
        }
        catch (OperationCanceledException)
        {
            return (port, false);
        }
        catch (IOException)
        {
            return (port, true);
        }
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var frame = (byte[])seed.Clone();
        switch (random.Next(6))
        {
            case 0:
                var garbage = new byte[random.Next(1, 512)];
                random.NextBytes(garbage);
                return garbage;
            case 1:
                return frame[..random.Next(1, frame.Length)];
            case 2:
                for (var i = random.Next(1, 8); i > 0; i--)
                {
                    frame[random.Next(frame.Length)] = (byte)random.Next(256);
                }

                return frame;
            case 3:
                frame[11 + random.Next(frame.Length - 11)] ^= (byte)(1 << random.Next(8));
                return frame;
            case 4:
                frame[random.Next(3, 11)] = (byte)random.Next(256);
                return frame;
            default:
                return frame;
        }
    }
}
