namespace PlugRpc.Services;

/// <summary>A service's status as the Health service answers it, numbered as grpc.health.v1's ServingStatus.</summary>
public enum ServingStatus
{
    Unknown = 0,
    Serving = 1,
    NotServing = 2,

    /// <summary>Only for watching in gRPC; Check answers an unknown service with a NotFound error instead.</summary>
    ServiceUnknown = 3,
}
