using PlugRpc.Services;

namespace PlugRpc.Cli;

/// <summary>
/// `health`: Health.Check on each target (the addresses, or each instance of the registry), one line each on
/// stdout, ADDRESS STATUS; a target that cannot answer is reported on stderr. Exits 0 only when all are SERVING.
/// </summary>
internal static class HealthCommand
{
    public static async Task<int> RunAsync(CliClient client, CliArguments arguments)
    {
        if (await client.TargetsAsync("check") is not { } targets)
        {
            return 1;
        }

        var request = new HealthCheckRequest { Service = arguments.Service ?? string.Empty };
        var options = CallRequest.OptionsOf(arguments);
        var answers = await Task.WhenAll(targets.Select(address => CheckAsync(client, address, request, options with { Address = address })));
        foreach (var (address, status, error) in answers)
        {
            if (status is { } answered)
            {
                Console.WriteLine($"{address} {RpcHealth.NameOf(answered)}");
            }
            else
            {
                Console.Error.WriteLine($"plugrpc: {address}: {error}");
            }
        }

        return answers.All(a => a.Status == ServingStatus.Serving) ? 0 : 1;
    }

    /// <summary>The target's status; SERVICE_UNKNOWN for the NotFound a server answers for a service it does not know; else why there is none.</summary>
    private static async Task<(string Address, ServingStatus? Status, string? Error)> CheckAsync(CliClient client, string address, HealthCheckRequest request, CallOptions options)
    {
        try
        {
            var response = await client.Rpc.CallAsync<HealthCheckRequest, HealthCheckResponse>(RpcHealth.CheckMethod, request, options);
            return (address, response.Status, null);
        }
        catch (RpcException ex) when (ex.StatusCode == RpcStatusCode.NotFound && request.Service.Length > 0 && !ex.Message.Contains(RpcErrors.ServiceNotFound, StringComparison.Ordinal))
        {
            return (address, ServingStatus.ServiceUnknown, null);
        }
        catch (RpcException ex)
        {
            return (address, null, $"{ex.StatusCode}: {ex.Message}");
        }
    }
}
