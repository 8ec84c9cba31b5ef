using System.Buffers;
using PlugRpc.Codecs;
using PlugRpc.Samples.Arith;

namespace PlugRpc.Tests.Fuzzing;

/// <summary>
/// A hostile body through every way the core decodes one (both message types, the bound codec, JSON); anything but
/// an InvalidArgument escapes. Shared by the property tests and the fuzzer's codec targets.
/// </summary>
internal static class HostileDecoding
{
    public static void Decode(ICodec codec, byte[] body)
    {
        var sequence = new ReadOnlySequence<byte>(body);
        Refused(() => codec.Deserialize<ArithRequest>(sequence));
        Refused(() => codec.Deserialize<SampleBody>(sequence));
        Refused(() => codec.For<SampleBody>().Deserialize(sequence));
        if (codec is IJsonTranscoder transcoder)
        {
            Refused(() => transcoder.ReadAsJson(sequence));
        }
    }

    private static void Refused(Func<object?> decode)
    {
        try
        {
            decode();
        }
        catch (RpcException ex) when (ex.StatusCode == RpcStatusCode.InvalidArgument)
        {
        }
    }
}
