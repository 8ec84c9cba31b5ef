using System.Buffers;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using PlugRpc.Codecs;
using PlugRpc.Components;
using PlugRpc.Filters;

namespace PlugRpc.Client;

/// <summary>
/// A call with typed request and response, so that encoding and decoding need no boxing or reflection. Without
/// client filters nobody needs the attempt to be awaitable: the call then completes the caller's task with the
/// response itself (<see cref="StartDirect"/>), so a call costs no async state machine; and since no filter and
/// no user code ever sees such a call, the object is used again for the thread's next one. Or the call is itself
/// the caller's value task (<see cref="StartPooled"/>): no task either, and the object is used again once its
/// response is read, which also lets go of the response (a task keeps its result, and a task that was in flight
/// during a collection is old: it keeps a large result alive through the next young collection).
/// </summary>
internal sealed class ClientCall<TRequest, TResponse> : OutgoingCall, IValueTaskSource<TResponse>
{
    /// <summary>One settled direct call kept per thread: a caller's next call usually starts where its last one completed.</summary>
    [ThreadStatic]
    private static ClientCall<TRequest, TResponse>? spare;

    private TRequest request;
    private AsyncTaskMethodBuilder<TResponse> direct;
    private ManualResetValueTaskSourceCore<TResponse> pooled;
    private Completion completion;
    private ValueTask throughFilters;
    private Action? filtersDone;

    public ClientCall(string serviceName, string methodName, TRequest request, Metadata? metadata, CallOptions options, CancellationToken cancellationToken)
        : base(serviceName, methodName, metadata, options, cancellationToken)
    {
        this.request = request;
    }

    public TResponse? Response { get; private set; }

    public override object? RequestObject => request;

    public override object? ResponseObject => Response;

    /// <summary>A call for <see cref="StartDirect"/> or <see cref="StartPooled"/>: the thread's spare one if it has one.</summary>
    public static ClientCall<TRequest, TResponse> ForDirect(
        string serviceName, string methodName, TRequest request, Metadata? metadata, CallOptions options, CancellationToken cancellationToken)
    {
        var call = spare;
        if (call is null)
        {
            return new ClientCall<TRequest, TResponse>(serviceName, methodName, request, metadata, options, cancellationToken);
        }

        spare = null;
        call.Reuse(serviceName, methodName, metadata, options, cancellationToken);
        call.request = request;
        return call;
    }

    public override void WriteRequest(ICodec codec, IBufferWriter<byte> output) => TypedCodecs<TRequest>.Of(codec).Serialize(output, request);

    public override void ReadResponse(ICodec codec, in ReadOnlySequence<byte> body) => Response = TypedCodecs<TResponse>.Of(codec).Deserialize(body);

    public override void UseDefaultResponse() => Response = DefaultResponse<TResponse>.Create();

    /// <summary>Sends the call's only attempt; the task completes with the response.</summary>
    public Task<TResponse> StartDirect(CallSender sender)
    {
        completion = Completion.Task;
        direct = AsyncTaskMethodBuilder<TResponse>.Create();
        var task = direct.Task;
        sender.Start(this);
        return task;
    }

    /// <summary>
    /// Sends the call's only attempt; the value task is this call itself, which drops the response and becomes the
    /// thread's spare once the response is read.
    /// </summary>
    public ValueTask<TResponse> StartPooled(CallSender sender)
    {
        completion = Completion.Pooled;
        var task = new ValueTask<TResponse>(this, pooled.Version);
        sender.Start(this);
        return task;
    }

    /// <summary>
    /// Runs the call through the client filters; the value task is this call itself, as with <see cref="StartPooled"/>.
    /// Filters must not use the context once its call has completed (it serves the thread's next call).
    /// </summary>
    public ValueTask<TResponse> StartPooledThroughFilters(ClientCallHandler pipeline)
    {
        completion = Completion.PooledThroughFilters;
        var task = new ValueTask<TResponse>(this, pooled.Version);
        ValueTask running;
        try
        {
            running = pipeline(this);
        }
        catch (Exception ex)
        {
            SettlePooled(ex);
            return task;
        }

        if (running.IsCompleted)
        {
            throughFilters = running;
            OnFiltersDone();
        }
        else
        {
            throughFilters = running;
            running.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(filtersDone ??= OnFiltersDone);
        }

        return task;
    }

    TResponse IValueTaskSource<TResponse>.GetResult(short token)
    {
        EnsureCurrent(token);
        try
        {
            return pooled.GetResult(token);
        }
        finally
        {
            // Reset drops the response: a call object outlives many collections, its response should not.
            pooled.Reset();
            if (IsReusable)
            {
                spare = this;
            }
        }
    }

    ValueTaskSourceStatus IValueTaskSource<TResponse>.GetStatus(short token)
    {
        EnsureCurrent(token);
        return pooled.GetStatus(token);
    }

    void IValueTaskSource<TResponse>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        EnsureCurrent(token);
        pooled.OnCompleted(continuation, state, token, flags);
    }

    /// <summary>A value task from before the call's response was read belongs to a call that is over.</summary>
    private void EnsureCurrent(short token)
    {
        if (token != pooled.Version)
        {
            throw new InvalidOperationException(
                $"the value task of a pooled call to {ServiceName}.{MethodName} was used after it had been awaited; await it once, or call AsTask() to await it again");
        }
    }

    private void OnFiltersDone()
    {
        var running = throughFilters;
        throughFilters = default;
        Exception? failure = null;
        try
        {
            running.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        SettlePooled(failure);
    }

    /// <summary>Hands the outcome to the caller's value task, letting go of the request and response.</summary>
    private void SettlePooled(Exception? failure)
    {
        EndObservation(failure);
        var answer = Response;
        request = default!;
        Response = default;
        if (failure is null)
        {
            pooled.SetResult(answer!);
        }
        else
        {
            pooled.SetException(failure);
        }
    }

    protected override void Complete(Exception? failure)
    {
        if (completion == Completion.Pooled)
        {
            SettlePooled(failure);
            return;
        }

        if (completion != Completion.Task)
        {
            base.Complete(failure);
            return;
        }

        EndObservation(failure);
        var builder = direct;
        var response = Response;
        direct = default;
        request = default!;
        Response = default;

        // Free for the thread's next call before the caller's continuation runs (it usually makes that call).
        // A call that a late callback may still reach is never reused.
        if (IsReusable)
        {
            spare = this;
        }

        if (failure is null)
        {
            builder.SetResult(response!);
        }
        else
        {
            builder.SetException(failure);
        }
    }

    private enum Completion
    {
        /// <summary>Awaited attempt by attempt, through the filter chain.</summary>
        Filters,

        /// <summary>Completes the caller's task (<see cref="StartDirect"/>).</summary>
        Task,

        /// <summary>Is the caller's value task (<see cref="StartPooled"/>).</summary>
        Pooled,

        /// <summary>Is the caller's value task, completed once the filter chain has (<see cref="StartPooledThroughFilters"/>).</summary>
        PooledThroughFilters,
    }
}
