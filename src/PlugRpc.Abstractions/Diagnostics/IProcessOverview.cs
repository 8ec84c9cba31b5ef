namespace PlugRpc.Diagnostics;

/// <summary>
/// What this process knows of its apps, read as one immutable snapshot: its servers, each client's view of its
/// instances, and per-method figures of recent calls on both sides. The host registers one in its container, so the
/// HTTP gateway's dashboard (a plugin, which sees only these contracts) can show it.
/// </summary>
public interface IProcessOverview
{
    /// <summary>
    /// The overview now. The per-method figures are gathered only while someone reads: the first read starts them
    /// (so its <see cref="ProcessOverview.Methods"/> covers only the calls since), and they stop again once nobody has
    /// read for a while, so the call path costs nothing when nobody watches.
    /// </summary>
    ProcessOverview Read();
}
