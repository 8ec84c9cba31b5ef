using System.Buffers;
using PlugRpc.Codecs;
using PlugRpc.Components;

namespace PlugRpc.Core.Tests.Components;

public sealed class TypedCodecsTests
{
    [Fact]
    public void Each_codec_is_asked_once_per_type_and_its_answer_kept()
    {
        var first = new CountingCodec();
        var second = new CountingCodec();

        var a = TypedCodecs<KeptOnce>.Of(first);
        var b = TypedCodecs<KeptOnce>.Of(second);

        Assert.Same(a, TypedCodecs<KeptOnce>.Of(first));
        Assert.Same(b, TypedCodecs<KeptOnce>.Of(second));
        Assert.NotSame(a, b);
        Assert.Equal((1, 1), (first.Asked, second.Asked));
    }

    [Fact]
    public void Past_the_kept_number_of_codecs_the_oldest_is_asked_again()
    {
        var codecs = Enumerable.Range(0, 9).Select(_ => new CountingCodec()).ToList();

        codecs.ForEach(codec => TypedCodecs<DroppedOldest>.Of(codec));
        TypedCodecs<DroppedOldest>.Of(codecs[0]);
        TypedCodecs<DroppedOldest>.Of(codecs[8]);

        Assert.Equal(2, codecs[0].Asked);
        Assert.Equal(1, codecs[8].Asked);
    }

    [Fact]
    public void A_codec_that_offers_nothing_per_type_is_used_through_its_generic_methods()
    {
        ICodec codec = new JsonTestCodecWithoutFor();
        var output = new ArrayBufferWriter<byte>();

        var typed = TypedCodecs<int[]>.Of(codec);
        typed.Serialize(output, [1, 2]);
        var back = typed.Deserialize(new ReadOnlySequence<byte>(output.WrittenMemory));

        Assert.Equal("[1,2]", System.Text.Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Equal([1, 2], back);
    }

    private sealed class KeptOnce;

    private sealed class DroppedOldest;

    private sealed class CountingCodec : ICodec
    {
        public int Asked { get; private set; }

        public string Name => "counting";

        public byte SerializeType => 42;

        public void Serialize<T>(IBufferWriter<byte> output, T value) => throw new NotSupportedException();

        public T Deserialize<T>(in ReadOnlySequence<byte> body) => throw new NotSupportedException();

        public ICodec<T> For<T>()
        {
            Asked++;
            return new Nothing<T>();
        }

        private sealed class Nothing<T> : ICodec<T>
        {
            public void Serialize(IBufferWriter<byte> output, T value) => throw new NotSupportedException();

            public T Deserialize(in ReadOnlySequence<byte> body) => throw new NotSupportedException();
        }
    }

    private sealed class JsonTestCodecWithoutFor : ICodec
    {
        public string Name => "json-test";

        public byte SerializeType => 43;

        public void Serialize<T>(IBufferWriter<byte> output, T value) => output.Write(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value));

        public T Deserialize<T>(in ReadOnlySequence<byte> body) => System.Text.Json.JsonSerializer.Deserialize<T>(body.ToArray())!;
    }
}
