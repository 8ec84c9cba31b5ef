using System.Buffers;
using PlugRpc.Protocol;

namespace PlugRpc.Connections;

/// <summary>A frame waiting for the send loop; <see cref="BodyOwner"/> holds the body's buffer until it is written.</summary>
internal readonly record struct OutgoingFrame(MessageHeader Header, ReadOnlySequence<byte> Body, IDisposable? BodyOwner);
