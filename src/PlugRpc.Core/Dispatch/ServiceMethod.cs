namespace PlugRpc.Dispatch;

/// <summary>One callable method: its wire names and how to run it on a <see cref="ServerCall"/>.</summary>
internal abstract class ServiceMethod
{
    protected ServiceMethod(string serviceName, string methodName)
    {
        ServiceName = serviceName;
        MethodName = methodName;
    }

    public string ServiceName { get; }

    public string MethodName { get; }

    /// <summary>Whether the method takes the <see cref="CallContext"/> itself (and so may keep it).</summary>
    public bool TakesContext { get; set; }

    /// <summary>Decodes the request, runs the method, encodes the response into <see cref="ServerCall.ResponseBody"/>.</summary>
    public abstract ValueTask InvokeAsync(ServerCall call);
}
