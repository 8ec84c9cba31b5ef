using System.Buffers;
using PlugRpc.Client;
using PlugRpc.Codecs;
using PlugRpc.Discovery;

namespace PlugRpc.Core.Tests.Governance;

public sealed class InstancePickerTests
{
    private static readonly InstanceState A = new(new ServiceInstance("tcp://a:1"));
    private static readonly InstanceState B = new(new ServiceInstance("tcp://b:1"));
    private static readonly InstanceState C = new(new ServiceInstance("tcp://c:1"));

    [Fact]
    public void The_selector_sees_only_what_the_filters_allow_and_hears_of_each_view_once()
    {
        var selector = new RecordingSelector();
        var picker = new InstancePicker(new Source(new InstanceView([A, B, C], 1)), [new Refuse(B, "b is out")], selector);

        picker.Pick(new Call());
        picker.Pick(new Call());

        Assert.Equal([A, C], selector.LastCandidates);
        Assert.Equal(1, selector.Views);
    }

    [Fact]
    public void Every_instance_left_out_fails_with_the_filters_reason()
    {
        var picker = new InstancePicker(new Source(new InstanceView([A, B], 1)), [new Refuse(A, "circuit breaker open"), new Refuse(B, "circuit breaker open")], new RecordingSelector());

        var error = Assert.Throws<RpcException>(() => picker.Pick(new Call()));

        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Contains("circuit breaker open", error.Message);
    }

    [Fact]
    public void A_retry_avoids_instances_tried_and_goes_back_to_them_only_when_none_is_left()
    {
        var selector = new RecordingSelector();
        var picker = new InstancePicker(new Source(new InstanceView([A, B], 1)), [], selector);

        Assert.Same(B, picker.Pick(new Call(), [A]));
        Assert.Contains(picker.Pick(new Call(), [A, B]), new[] { A, B });
    }

    [Fact]
    public void An_empty_view_says_there_is_no_instance()
    {
        var picker = new InstancePicker(new Source(InstanceView.Empty), [], new RecordingSelector());

        var error = Assert.Throws<RpcException>(() => picker.Pick(new Call()));

        Assert.Contains("no instances", error.Message);
    }

    private sealed class Source(InstanceView view) : IInstanceSource
    {
        public InstanceView Current => view;

        public Task Listed => Task.CompletedTask;

        public DiscoveryStatus Status => DiscoveryStatus.Fixed;

        public string NoInstancesReason => "the test's source has no instances";
    }

    private sealed class Refuse(InstanceState refused, string reason) : IInstanceFilter
    {
        public string Reason => reason;

        public bool Allows(InstanceState instance, ClientCallContext context) => !ReferenceEquals(instance, refused);
    }

    private sealed class RecordingSelector : ISelector
    {
        public int Views { get; private set; }

        public List<InstanceState> LastCandidates { get; private set; } = [];

        public void OnViewChanged(InstanceView view) => Views++;

        public InstanceState Select(IReadOnlyList<InstanceState> candidates, ClientCallContext context)
        {
            LastCandidates = [.. candidates];
            return candidates[0];
        }
    }

    private sealed class Call() : ClientCallContext("S", "M", null, CallOptions.Default, default)
    {
        public override object? RequestObject => null;

        public override object? ResponseObject => null;

        public override void WriteRequest(ICodec codec, IBufferWriter<byte> output)
        {
        }

        public override void ReadResponse(ICodec codec, in ReadOnlySequence<byte> body)
        {
        }
    }
}
