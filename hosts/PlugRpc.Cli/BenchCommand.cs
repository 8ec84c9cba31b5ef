using System.Diagnostics;

namespace PlugRpc.Cli;

/// <summary>
/// `bench`: keeps --concurrency calls in flight for --duration, then prints calls, failures by status, calls/s,
/// p50 and p99 latency and calls per instance; replies of the sample ArithService are checked too. Exits 1 when a
/// call failed or a reply was wrong. Its progress goes to stderr once a second meanwhile.
/// </summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(CliClient client, CliArguments arguments, InstanceTally tally)
    {
        var method = arguments.Method!;
        var request = arguments.RequestJson!;
        var call = CallRequest.Of(arguments, request);
        var types = client.TypesOf(method);
        var check = ArithReplyCheck.For(method, request);
        var recorder = new BenchRecorder();
        var started = Stopwatch.GetTimestamp();

        async Task WorkAsync()
        {
            // Calls in flight when the time is up finish; no new one starts.
            while (Stopwatch.GetElapsedTime(started) < arguments.Duration)
            {
                var callStarted = Stopwatch.GetTimestamp();
                try
                {
                    var reply = await client.Rpc.CallJsonAsync(call, types).ConfigureAwait(false);
                    recorder.Succeeded(Stopwatch.GetElapsedTime(callStarted), check?.IsRight(reply.ResponseJson) ?? true);
                }
                catch (RpcException ex)
                {
                    recorder.Failed(Stopwatch.GetElapsedTime(callStarted), ex.StatusCode);
                }
            }
        }

        await using (new BenchProgress(recorder, Console.Error))
        {
            await Task.WhenAll(Enumerable.Range(0, arguments.Concurrency).Select(_ => Task.Run(WorkAsync)));
        }

        var result = recorder.Result(Stopwatch.GetElapsedTime(started), tally.Snapshot());
        Console.WriteLine(arguments.Json ? BenchReport.Json(result) : BenchReport.Text(result));
        return result.Ok == result.Calls && result.Wrong == 0 ? 0 : 1;
    }
}
