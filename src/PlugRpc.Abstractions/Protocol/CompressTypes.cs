namespace PlugRpc.Protocol;

/// <summary>The numbers a frame's CompressType field uses. 0 is go-rpc's only value.</summary>
public static class CompressTypes
{
    public const byte None = 0;
    public const byte Gzip = 1;
    public const byte Brotli = 2;
    public const byte Lz4 = 3;
    public const byte Zstd = 4;
}
