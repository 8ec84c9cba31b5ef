namespace PlugRpc.Hosting;
