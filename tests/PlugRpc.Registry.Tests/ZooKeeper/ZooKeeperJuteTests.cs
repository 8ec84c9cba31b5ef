using System.Buffers.Binary;
using PlugRpc.Registry.ZooKeeper.Protocol;

namespace PlugRpc.Registry.Tests.ZooKeeper;

/// <summary>The jute frames byte by byte where a mistake would only show as a server closing the connection.</summary>
public sealed class ZooKeeperJuteTests
{
    [Fact]
    public void A_connect_request_is_its_length_then_version_zxid_timeout_session_password_and_read_only()
    {
        var frame = ConnectHandshake.Request(lastZxidSeen: 0x1234, TimeSpan.FromSeconds(2), sessionId: 0x77, password: []);

        Assert.Equal(4 + 4 + 8 + 4 + 8 + 4 + 16 + 1, frame.Length);
        Assert.Equal(frame.Length - 4, BinaryPrimitives.ReadInt32BigEndian(frame));
        Assert.Equal(0, BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(4)));
        Assert.Equal(0x1234, BinaryPrimitives.ReadInt64BigEndian(frame.AsSpan(8)));
        Assert.Equal(2000, BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(16)));
        Assert.Equal(0x77, BinaryPrimitives.ReadInt64BigEndian(frame.AsSpan(20)));
        Assert.Equal(16, BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(28)));
        Assert.All(frame[32..48], b => Assert.Equal(0, b));
        Assert.Equal(0, frame[48]);
    }

    [Fact]
    public void A_request_carries_the_xid_it_is_given_and_its_op_code()
    {
        var frame = Requests.GetChildren("/a", watch: true);
        Requests.SetXid(frame, 42);

        Assert.Equal(42, BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(4)));
        Assert.Equal(OpCode.GetChildren, BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(8)));
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(12)));
        Assert.Equal("/a"u8.ToArray(), frame[16..18]);
        Assert.Equal(1, frame[18]);
        Assert.Equal(19, frame.Length);
    }

    [Fact]
    public void A_connect_response_reads_with_or_without_the_read_only_flag_and_timeout_zero_is_expired()
    {
        var granted = new JuteWriter().WriteInt(0).WriteInt(4000).WriteLong(0x99).WriteBuffer(new byte[16]).WriteBool(true).ToFrame();
        var response = ConnectHandshake.ReadResponse(granted.AsSpan(4));
        Assert.Equal(TimeSpan.FromSeconds(4), response.Timeout);
        Assert.Equal(0x99, response.SessionId);
        Assert.True(response.ReadOnly);
        Assert.False(response.Expired);

        var expired = new JuteWriter().WriteInt(0).WriteInt(0).WriteLong(0).WriteBuffer(new byte[16]).ToFrame();
        Assert.True(ConnectHandshake.ReadResponse(expired.AsSpan(4)).Expired);
    }

    [Fact]
    public void A_reply_that_ends_early_is_refused_and_null_strings_and_buffers_read_as_such()
    {
        var frame = new JuteWriter().WriteString(null).WriteInt(-1).WriteInt(3).WriteInt(1).ToFrame().AsSpan(4).ToArray();
        var reader = new JuteReader(frame);
        Assert.Null(reader.ReadString());
        Assert.Empty(reader.ReadBuffer());
        Assert.Throws<InvalidDataException>(() =>
        {
            var truncated = new JuteReader(frame.AsSpan(8));
            truncated.ReadStrings(); // three strings announced, one length present, no bytes
        });
    }
}
