using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace RovDsp.Bridge.Connection;

/// <summary>
/// <see cref="MqttTlsOptions"/> with its files read: the trust anchors, the client certificate, and the check of the
/// broker's certificate. The check builds the chain itself with <see cref="X509ChainTrustMode.CustomRootTrust"/> when
/// a CA file is given (only that CA is trusted; the system store is not consulted) and remembers why it refused a
/// certificate, because SslStream's own exception only says the certificate "was rejected by the provided
/// RemoteCertificateValidationCallback".
/// </summary>
public sealed class LoadedTls
{
    internal LoadedTls(MqttTlsOptions options, X509Certificate2Collection? trust, X509Certificate2? clientCertificate)
    {
        Options = options;
        Trust = trust;
        ClientCertificate = clientCertificate;
    }

    /// <summary>The options the files came from.</summary>
    public MqttTlsOptions Options { get; }

    /// <summary>The CA certificates from the CA file, or null (system store).</summary>
    public X509Certificate2Collection? Trust { get; }

    /// <summary>The client certificate with its private key, or null.</summary>
    public X509Certificate2? ClientCertificate { get; }

    /// <summary>Checks the broker's certificate; returns null when it is accepted, else the problem in words (the
    /// certificate's subject and the chain's status flags).</summary>
    public string? Check(X509Certificate? certificate, SslPolicyErrors errors, string expectedName)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "the broker sent no certificate";
        }

        using var server = certificate as X509Certificate2 is { } c2 ? new X509Certificate2(c2) : new X509Certificate2(certificate);
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return $"server name mismatch: the broker's certificate ({server.Subject}; names {Names(server)}) is not for '{expectedName}'";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = Options.RevocationMode;
        chain.ChainPolicy.RevocationFlag = X509RevocationFlag.ExcludeRoot;
        if (Trust is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(Trust);
        }
        else if (!errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) && Options.RevocationMode == X509RevocationMode.NoCheck)
        {
            return null;
        }

        if (chain.Build(server))
        {
            return null;
        }

        var problems = string.Join(", ", chain.ChainStatus.Select(s => $"{s.Status} ({s.StatusInformation.Trim()})").Distinct());
        return $"the broker's certificate ({server.Subject}, issued by {server.Issuer}) is not trusted: {problems}"
            + (Trust is null ? string.Empty : $" [trusted CA file: {Options.CaFile}]");
    }

    private static string Names(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                var names = san.EnumerateDnsNames().Concat(san.EnumerateIPAddresses().Select(a => a.ToString())).ToList();
                return names.Count == 0 ? "none" : string.Join(", ", names);
            }
        }

        return "no subject alternative names";
    }
}
