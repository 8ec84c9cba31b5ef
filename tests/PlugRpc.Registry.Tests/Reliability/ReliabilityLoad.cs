using System.Diagnostics;
using PlugRpc.Client;
using PlugRpc.Fixtures.Ledger;

namespace PlugRpc.Registry.Tests.Reliability;

/// <summary>
/// Callers calling in a loop, Read and Apply in turn, each call with an id of its own (odd for Apply, even for
/// Read), until stopped, the callers shared out over the clients given; each call's end goes to the <see cref="Tally"/> under the fault in progress when it began.
/// A call that has not ended by its deadline plus <see cref="Margin"/> is counted never answered and left behind.
/// </summary>
internal sealed class ReliabilityLoad
{
    public const string ReadMethod = "LedgerService.Read";
    public const string ApplyMethod = "LedgerService.Apply";

    private readonly IReadOnlyList<(string Name, RpcClient Client)> clients;
    private readonly TimeSpan deadline;
    private readonly int workMs;
    private readonly CancellationTokenSource stop = new();
    private readonly Task[] callers;
    private long lastId;
    private volatile string phase = "steady";

    /// <param name="clients">The clients by name (e.g. their fail mode), for the table's examples.</param>
    public ReliabilityLoad(IReadOnlyList<(string Name, RpcClient Client)> clients, TimeSpan deadline, int callers, int workMs)
    {
        this.clients = clients;
        this.deadline = deadline;
        this.workMs = workMs;
        this.callers = [.. Enumerable.Range(0, callers).Select(i => Task.Run(() => CallerAsync(clients[i % clients.Count])))];
    }

    /// <summary>How long past its deadline a call may take to end before it counts as never answered.</summary>
    public static TimeSpan Margin { get; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a call past its margin is still watched, to tell a late end from none.</summary>
    private static TimeSpan LateLimit { get; } = TimeSpan.FromSeconds(20);

    public ReliabilityTally Tally { get; } = new();

    /// <summary>The fault in progress: the calls beginning from now on are counted under it.</summary>
    public string Phase
    {
        get => phase;
        set => phase = value;
    }

    /// <summary>Stops the callers after their current call and waits for them (each call ends within deadline + margin).</summary>
    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(callers);
    }

    private async Task CallerAsync((string Name, RpcClient Client) client)
    {
        while (!stop.IsCancellationRequested)
        {
            var id = Interlocked.Increment(ref lastId);
            var kind = id % 2 == 1 ? CallKind.Apply : CallKind.Read;
            await CallAsync(client, kind, id, phase);
        }
    }

    private async Task CallAsync((string Name, RpcClient Client) client, CallKind kind, long id, string during)
    {
        var request = new LedgerRequest { Id = id, Value = id * 3, WorkMs = workMs };
        var call = client.Client.CallAsync<LedgerRequest, LedgerReply>(kind == CallKind.Apply ? ApplyMethod : ReadMethod, request);
        LedgerReply reply;
        try
        {
            reply = await call.WaitAsync(deadline + Margin);
        }
        catch (TimeoutException)
        {
            Tally.Record(during, kind, id, CallEnd.NeverAnswered, detail: $"on the {client.Name} client, still running {(deadline + Margin).TotalMilliseconds:0} ms after it began; {await LateEndAsync(call)}");
            return;
        }
        catch (RpcException ex)
        {
            Tally.Record(during, kind, id, CallEnd.Failed, status: ex.StatusCode.ToString(), detail: ex.Message);
            return;
        }
        catch (Exception ex)
        {
            Tally.Record(during, kind, id, CallEnd.Failed, status: $"{ex.GetType().Name} (not an RpcException)", detail: ex.Message);
            return;
        }

        var expected = kind == CallKind.Apply ? request.Value * 2 : request.Value + 1;
        if (reply.Id != id || reply.Value != expected)
        {
            Tally.Record(during, kind, id, CallEnd.Wrong, detail: $"on the {client.Name} client, answered id {reply.Id} value {reply.Value} (expected {expected}) from {reply.Host}");
            return;
        }

        Tally.Record(during, kind, id, CallEnd.Right, host: reply.Host);
    }

    /// <summary>For a call past its margin: whether it ended later, when and how (a slow machine), or not at all (a call lost).</summary>
    private static async Task<string> LateEndAsync(Task<LedgerReply> call)
    {
        var waited = Stopwatch.StartNew();
        try
        {
            await call.WaitAsync(LateLimit);
            return $"it ended {waited.ElapsedMilliseconds} ms later, answered";
        }
        catch (TimeoutException)
        {
            return $"still running {LateLimit.TotalSeconds:0} s later";
        }
        catch (Exception ex)
        {
            return $"it ended {waited.ElapsedMilliseconds} ms later: {ex.GetType().Name}: {ex.Message}";
        }
    }
}
