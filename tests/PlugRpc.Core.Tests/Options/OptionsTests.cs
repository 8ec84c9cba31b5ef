using System.Text.Json;
using PlugRpc.Options;

namespace PlugRpc.Core.Tests.Options;

public sealed class OptionsTests
{
    [Theory]
    [InlineData("\"250ms\"", 250)]
    [InlineData("\"2s\"", 2000)]
    [InlineData("\"1.5s\"", 1500)]
    [InlineData("\"1m\"", 60000)]
    [InlineData("\"00:00:03\"", 3000)]
    [InlineData("40", 40)]
    public void Durations_read_in_every_documented_form(string json, double milliseconds)
    {
        var options = OptionsJson.Read<ClientOptions>(Section($"{{\"requestTimeout\": {json}}}"), "client");

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), options.RequestTimeout);
    }

    [Fact]
    public void A_misspelt_option_is_an_error_naming_it()
    {
        var error = Assert.Throws<OptionsValidationException>(() => OptionsJson.Read<ClientOptions>(Section("{\"requestTimout\": \"1s\"}"), "client"));

        Assert.Contains("invalid client options", error.Message);
        Assert.Contains("requestTimout", error.Message);
    }

    [Fact]
    public void A_bad_duration_says_how_to_write_one()
    {
        var error = Assert.Throws<OptionsValidationException>(() => OptionsJson.Read<ServerOptions>(Section("{\"shutdownWait\": \"soon\"}"), "server"));

        Assert.Contains("'soon' is not a duration", error.Message);
    }

    [Fact]
    public void Validation_lists_every_problem()
    {
        var options = new ClientOptions
        {
            RequestTimeout = TimeSpan.Zero,
            Addresses = ["127.0.0.1:7000"],
            MaxFrameLength = 10,
            MaxHeaderLength = 10,
        };

        var error = Assert.Throws<OptionsValidationException>(options.Validate);

        Assert.Equal(4, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.Contains("requestTimeout"));
        Assert.Contains(error.Problems, p => p.Contains("'127.0.0.1:7000' is not an address"));
        Assert.Contains(error.Problems, p => p.Contains("maxFrameLength 10"));
        Assert.Contains(error.Problems, p => p.Contains("maxHeaderLength 10"));
    }

    [Fact]
    public void A_missing_section_gives_the_defaults()
    {
        var options = OptionsJson.Read<ServerOptions>(null, "server");

        Assert.Equal(TimeSpan.FromSeconds(12), options.ShutdownWait);
        Assert.Equal(16 * 1024 * 1024, options.MaxFrameLength);
        Assert.Equal("gorpc", options.Protocol);
    }

    private static JsonElement Section(string json) => JsonDocument.Parse(json).RootElement;
}
