using System.Text.Json;
using PlugRpc.Options;

namespace PlugRpc.Core.Tests.Options;

/// <summary>The client's governance options as plugins.json writes them, and the one line each mistake gets.</summary>
public sealed class GovernanceOptionsTests
{
    [Fact]
    public void Every_governance_option_reads_from_json()
    {
        var options = OptionsJson.Read<ClientOptions>(
            Section("""
                {
                  "appKey": "my-app", "failMode": "failover", "retries": 3, "backupDelay": "20ms", "attemptTimeout": "300ms",
                  "retryBackoff": "5ms", "retryBackoffMax": "50ms", "retryBudgetRatio": 0.2, "retryBudgetMinimum": 4,
                  "retryBudgetWindow": "5s", "idempotentMethods": ["ArithService.Add"],
                  "heartbeat": true, "heartbeatInterval": "250ms", "heartbeatDegradeThreshold": 3, "heartbeatTimeout": "1s",
                  "auth": "hello01", "circuitBreakerThreshold": 7, "circuitBreakerWindow": "2s",
                  "tagged": true, "tags": { "idc": "lf" }, "selector": "weighted",
                  "instances": [ { "address": "tcp://127.0.0.1:7001", "weight": 3, "tags": { "idc": "lf" } } ]
                }
                """),
            "client");

        options.Validate();
        Assert.Equal(FailMode.FailOver, options.FailMode);
        Assert.Equal(3, options.Retries);
        Assert.Equal(TimeSpan.FromMilliseconds(20), options.BackupDelay);
        Assert.Equal(TimeSpan.FromMilliseconds(300), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), options.EffectiveHeartbeatTimeout);
        Assert.Equal(3, options.Instances[0].Weight);
        var side = options.ToSideOptions();
        Assert.Equal("lf", side.Tags["idc"]);
        Assert.True(side.Tagged);
        Assert.Equal(7, side.CircuitBreakerThreshold);
        Assert.Equal("hello01", side.Auth);
    }

    [Theory]
    [InlineData("failfast", FailMode.FailFast)]
    [InlineData("FailRetry", FailMode.FailRetry)]
    [InlineData("failsafe", FailMode.FailSafe)]
    [InlineData("failbackup", FailMode.FailBackup)]
    public void Fail_modes_read_by_name_in_any_case(string name, FailMode mode) =>
        Assert.Equal(mode, OptionsJson.Read<ClientOptions>(Section($"{{\"failMode\": \"{name}\"}}"), "client").FailMode);

    [Fact]
    public void An_unknown_fail_mode_is_one_line_naming_the_option()
    {
        var error = Assert.Throws<OptionsValidationException>(() => OptionsJson.Read<ClientOptions>(Section("{\"failMode\": \"failsometimes\"}"), "client"));

        Assert.Contains("failMode", error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public void Each_bad_governance_value_is_named()
    {
        var options = new ClientOptions
        {
            Retries = -1,
            BackupDelay = TimeSpan.Zero,
            AttemptTimeout = TimeSpan.FromMilliseconds(-1),
            RetryBudgetRatio = 2,
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            HeartbeatTimeout = TimeSpan.FromMilliseconds(100),
            CircuitBreakerThreshold = 0,
            Tagged = true,
            IdempotentMethods = ["Add"],
            Instances = [new InstanceOptions { Address = "nowhere", Weight = 0 }],
        };

        var error = Assert.Throws<OptionsValidationException>(options.Validate);

        string[] named = ["retries -1", "backupDelay", "attemptTimeout", "retryBudgetRatio 2", "heartbeatTimeout", "circuitBreakerThreshold 0",
            "tagged is true but tags is empty", "idempotentMethods: 'Add'", "instances: 'nowhere' is not an address", "weight of nowhere"];
        foreach (var name in named)
        {
            Assert.Contains(error.Problems, p => p.Contains(name, StringComparison.Ordinal));
        }

        Assert.Equal(named.Length, error.Problems.Count);
    }

    [Fact]
    public void Server_tags_reach_its_filters()
    {
        var options = OptionsJson.Read<ServerOptions>(Section("{\"tags\": {\"idc\": \"lf\"}}"), "server");

        Assert.Equal("lf", options.ToSideOptions().Tags["idc"]);
    }

    private static JsonElement Section(string json) => JsonDocument.Parse(json).RootElement;
}
