using System.Security.Cryptography.X509Certificates;
using PlugRpc.Plugins;

namespace PlugRpc.Transport.Tcp;

/// <summary>Loads the certificates TLS settings name, with errors that say which setting and file.</summary>
internal static class TlsCertificates
{
    public static X509Certificate2? Load(string setting, string? path, string? keyPath, string? password)
    {
        if (path is null)
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new PluginSettingsException($"tcp: settings.tls.{setting} names {Path.GetFullPath(path)}, which does not exist");
        }

        try
        {
            if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
            {
                return X509CertificateLoader.LoadPkcs12FromFile(path, password);
            }

            using var pem = X509Certificate2.CreateFromPemFile(path, keyPath);

            // SslStream needs the key in a form the platform can use for the handshake.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new PluginSettingsException($"tcp: settings.tls.{setting} ({path}) cannot be loaded: {ex.Message}", ex);
        }
    }

    public static X509Certificate2Collection? LoadTrusted(string? path)
    {
        if (path is null)
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new PluginSettingsException($"tcp: settings.tls.trustedCa names {Path.GetFullPath(path)}, which does not exist");
        }

        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        return collection;
    }

    public static X509ChainPolicy? ChainPolicy(X509Certificate2Collection? trusted)
    {
        if (trusted is null)
        {
            return null;
        }

        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(trusted);
        return policy;
    }
}
