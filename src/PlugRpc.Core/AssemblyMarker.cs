namespace PlugRpc;
