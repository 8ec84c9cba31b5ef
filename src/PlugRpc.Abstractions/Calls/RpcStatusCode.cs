namespace PlugRpc;

/// <summary>Why a call failed. Travels in error responses under <see cref="MetadataKeys.Status"/>.</summary>
public enum RpcStatusCode
{
    Ok = 0,
    Unknown = 1,
    Cancelled = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    Unauthenticated = 16,
    ProtocolError = 100,
}
