using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RovDsp.Bridge.Connection;

/// <summary>
/// How an <see cref="MqttLink"/> checks the broker's certificate and proves its own identity over TLS: a CA file that
/// is the only trust anchor (the system's store is not consulted), an optional client certificate and key, the server
/// name to send (SNI) and check, and the revocation mode. All files are PEM. <see cref="Load"/> reads them once, so
/// a missing or unreadable file is a setting error before anything connects, not a failure inside the reconnect loop.
/// </summary>
public sealed record MqttTlsOptions
{
    /// <summary>PEM file with the CA certificate(s) the broker's certificate must chain to; null trusts the system's
    /// store instead (a broker with a public certificate).</summary>
    public string? CaFile { get; init; }

    /// <summary>PEM file with this client's certificate (for brokers with <c>require_certificate true</c>), or null.</summary>
    public string? CertificateFile { get; init; }

    /// <summary>PEM file with the client certificate's private key (unencrypted), or null when it is in
    /// <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; init; }

    /// <summary>Name sent as SNI and checked against the broker's certificate (its subject alternative names); null
    /// uses the broker address's host.</summary>
    public string? ServerName { get; init; }

    /// <summary>
    /// Whether the broker certificate's revocation is checked. Default <see cref="X509RevocationMode.NoCheck"/>: a
    /// ship's isolated network can reach no CRL distribution point or OCSP responder, so
    /// <see cref="X509RevocationMode.Online"/> fails every handshake (RevocationStatusUnknown, OfflineRevocation), and
    /// <see cref="X509RevocationMode.Offline"/> fails too unless a CRL for the private CA was put in the machine's
    /// cache beforehand. Trust rests on the CA file alone; a compromised broker key is answered by replacing the CA
    /// file, which an isolated vessel can do and a CRL fetch cannot. Choose Offline where CRLs are distributed
    /// with the CA, Online on a connected network.
    /// </summary>
    public X509RevocationMode RevocationMode { get; init; } = X509RevocationMode.NoCheck;

    /// <summary>Parses a revocation mode as the command line and configuration spell it (nocheck, offline,
    /// online); throws <see cref="BridgeConfigurationException"/> naming <paramref name="setting"/> otherwise.</summary>
    public static X509RevocationMode ParseRevocationMode(string text, string setting = "tls-revocation") =>
        text.Trim().ToUpperInvariant() switch
        {
            "NOCHECK" or "NO-CHECK" or "NONE" => X509RevocationMode.NoCheck,
            "OFFLINE" => X509RevocationMode.Offline,
            "ONLINE" => X509RevocationMode.Online,
            _ => throw new BridgeConfigurationException(setting, $"'{text}' is not a revocation mode (nocheck, offline, online)"),
        };

    /// <summary>Reads the files; throws <see cref="BridgeConfigurationException"/> naming the setting whose file is
    /// missing or unreadable.</summary>
    public LoadedTls Load()
    {
        X509Certificate2Collection? trust = null;
        if (CaFile is not null)
        {
            trust = [];
            try
            {
                trust.ImportFromPemFile(CaFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new BridgeConfigurationException("ca-file", $"'{CaFile}' cannot be read as PEM certificates: {ex.Message}");
            }

            if (trust.Count == 0)
            {
                throw new BridgeConfigurationException("ca-file", $"'{CaFile}' holds no PEM certificate");
            }
        }

        if (KeyFile is not null && CertificateFile is null)
        {
            throw new BridgeConfigurationException("key-file", "is given without --cert-file");
        }

        X509Certificate2? client = null;
        if (CertificateFile is not null)
        {
            try
            {
                client = X509Certificate2.CreateFromPemFile(CertificateFile, KeyFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                throw new BridgeConfigurationException(KeyFile is null ? "cert-file" : "cert-file/key-file",
                    $"'{CertificateFile}'{(KeyFile is null ? string.Empty : $" with key '{KeyFile}'")} cannot be read as a PEM certificate and private key: {ex.Message}");
            }

            if (!client.HasPrivateKey)
            {
                throw new BridgeConfigurationException("key-file", $"no private key for '{CertificateFile}' (give --key-file)");
            }
        }

        return new LoadedTls(this, trust, client);
    }
}
