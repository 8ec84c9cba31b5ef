namespace PlugRpc.Registry.ZooKeeper.Protocol;

/// <summary>
/// The first frame each way on a connection: the client asks for a new session (id 0) or to resume one (its id,
/// password and the last zxid it saw); the server answers with the negotiated timeout, or a timeout of 0 when the
/// session it was asked to resume has expired.
/// </summary>
internal static class ConnectHandshake
{
    public const int PasswordLength = 16;

    public static byte[] Request(long lastZxidSeen, TimeSpan timeout, long sessionId, ReadOnlySpan<byte> password) =>
        new JuteWriter()
            .WriteInt(0) // protocol version
            .WriteLong(lastZxidSeen)
            .WriteInt((int)timeout.TotalMilliseconds)
            .WriteLong(sessionId)
            .WriteBuffer(password.IsEmpty ? new byte[PasswordLength] : password)
            .WriteBool(false) // not read-only
            .ToFrame();

    public static ConnectResponse ReadResponse(ReadOnlySpan<byte> frame)
    {
        var reader = new JuteReader(frame);
        reader.ReadInt(); // protocol version
        var timeout = reader.ReadInt();
        var sessionId = reader.ReadLong();
        var password = reader.ReadBuffer();
        var readOnly = reader.Remaining > 0 && reader.ReadBool();
        return new ConnectResponse(TimeSpan.FromMilliseconds(timeout), sessionId, password, readOnly);
    }
}

/// <summary>The server's answer to a connect request; <see cref="Expired"/> when it refused to resume the session.</summary>
internal sealed record ConnectResponse(TimeSpan Timeout, long SessionId, byte[] Password, bool ReadOnly)
{
    public bool Expired => Timeout <= TimeSpan.Zero || SessionId == 0;
}
