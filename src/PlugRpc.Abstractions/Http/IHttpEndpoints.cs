namespace PlugRpc.Http;

/// <summary>
/// Endpoints and middleware that a plugin or a service assembly adds to the process's HTTP port (the gateway's), in
/// the web framework's own types: <typeparamref name="TBuilder"/> and <typeparamref name="TApp"/> are what the HTTP
/// plugin builds (ASP.NET Core's <c>WebApplicationBuilder</c> and <c>WebApplication</c> for PlugRpc.Gateway.Http), so
/// the contracts need no reference to the framework. A plugin registers one with
/// <c>RegisterHttpEndpoints</c>; a public class implementing it in a service assembly is registered by the host.
/// </summary>
public interface IHttpEndpoints<in TBuilder, in TApp>
{
    /// <summary>Where this one's middleware goes among the others': lower first, then in the order registered.</summary>
    int Order => 0;

    /// <summary>Adds what the endpoints need to the web application's own services, before it is built.</summary>
    void ConfigureServices(TBuilder builder)
    {
    }

    /// <summary>Adds middleware (in order, ahead of the gateway's own routes) and endpoints or route groups.</summary>
    void Configure(TApp app);
}
