namespace PlugRpc.Cli;

/// <summary>A mistake in the command line: the program prints its message as one line and exits 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
