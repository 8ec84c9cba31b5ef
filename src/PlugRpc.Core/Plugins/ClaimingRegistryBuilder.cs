using Autofac.Core;
using Autofac.Core.Registration;
using Autofac.Core.Resolving.Pipeline;

namespace PlugRpc.Plugins;

/// <summary>
/// The registry a plugin's module registers into: each registration is claimed for the plugin
/// (<see cref="ComponentOwners.Claim"/>) on its way to the container's own registry.
/// </summary>
internal sealed class ClaimingRegistryBuilder(IComponentRegistryBuilder inner, string plugin) : IComponentRegistryBuilder
{
    public event EventHandler<ComponentRegisteredEventArgs>? Registered
    {
        add => inner.Registered += value;
        remove => inner.Registered -= value;
    }

    public event EventHandler<RegistrationSourceAddedEventArgs>? RegistrationSourceAdded
    {
        add => inner.RegistrationSourceAdded += value;
        remove => inner.RegistrationSourceAdded -= value;
    }

    public IDictionary<string, object?> Properties => inner.Properties;

    public IComponentRegistry Build() => inner.Build();

    public void Register(IComponentRegistration registration)
    {
        ComponentOwners.Claim(inner, registration, plugin);
        inner.Register(registration);
    }

    public void Register(IComponentRegistration registration, bool preserveDefaults)
    {
        ComponentOwners.Claim(inner, registration, plugin);
        inner.Register(registration, preserveDefaults);
    }

    public bool IsRegistered(Service service) => inner.IsRegistered(service);

    public void AddRegistrationSource(IRegistrationSource source) => inner.AddRegistrationSource(source);

    public void AddServiceMiddlewareSource(IServiceMiddlewareSource serviceMiddlewareSource) => inner.AddServiceMiddlewareSource(serviceMiddlewareSource);

    public void RegisterServiceMiddleware(Service service, IResolveMiddleware middleware, MiddlewareInsertionMode insertionMode = MiddlewareInsertionMode.EndOfPhase) =>
        inner.RegisterServiceMiddleware(service, middleware, insertionMode);

    /// <summary>The container's registry is not this wrapper's to dispose.</summary>
    public void Dispose()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
