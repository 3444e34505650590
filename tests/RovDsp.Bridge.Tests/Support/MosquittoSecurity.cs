using System.Diagnostics;
using System.Globalization;

namespace RovDsp.Bridge.Tests.Support;

/// <summary>
/// What a secured mosquitto needs, made by the test itself with the real tools: a CA, a server certificate for
/// 127.0.0.1 and localhost, a client certificate and a second, unrelated CA (all with <c>openssl</c>); a password
/// file (<c>mosquitto_passwd -c -b</c>); an ACL file. <see cref="Listener"/> writes mosquitto's listener lines
/// (TLS with <c>require_certificate true</c>, or plain TCP) for <see cref="MosquittoBroker.StartAsync(Func{int, string})"/>.
/// </summary>
public sealed class MosquittoSecurity : IDisposable
{
    private MosquittoSecurity(string directory)
    {
        Directory = directory;
    }

    /// <summary>Where the files are.</summary>
    public string Directory { get; }

    /// <summary>The CA that signed the broker's and the client's certificates (PEM).</summary>
    public string CaFile => Path.Combine(Directory, "ca.crt");

    /// <summary>A CA that signed nothing here (PEM): trusting it alone must refuse the broker.</summary>
    public string OtherCaFile => Path.Combine(Directory, "other-ca.crt");

    /// <summary>The client certificate (PEM).</summary>
    public string ClientCertFile => Path.Combine(Directory, "client.crt");

    /// <summary>The client certificate's key (PEM).</summary>
    public string ClientKeyFile => Path.Combine(Directory, "client.key");

    /// <summary>The password file.</summary>
    public string PasswordFile => Path.Combine(Directory, "passwd");

    /// <summary>The ACL file.</summary>
    public string AclFile => Path.Combine(Directory, "acl");

    /// <summary>Creates the certificates, a password file with <paramref name="users"/> and the ACL
    /// <paramref name="acl"/>. <paramref name="crlUrl"/>, when given, is put in the server certificate as its CRL
    /// distribution point (a revocation check must then fetch it).</summary>
    public static MosquittoSecurity Create(IReadOnlyList<(string User, string Password)> users, string acl, string? crlUrl = null)
    {
        var security = new MosquittoSecurity(System.IO.Directory.CreateTempSubdirectory("rovdsp-mqtt-pki-").FullName);
        security.MakeCa("ca", "RovDsp test CA");
        security.MakeCa("other-ca", "Someone else's CA");
        var cdp = crlUrl is null ? string.Empty : $"\ncrlDistributionPoints=URI:{crlUrl}";
        security.MakeCertificate("server", "localhost", $"subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth{cdp}");
        security.MakeCertificate("client", "rovdsp-test-client", "extendedKeyUsage=clientAuth");
        for (var i = 0; i < users.Count; i++)
        {
            security.SetPassword(users[i].User, users[i].Password, create: i == 0);
        }

        File.WriteAllText(security.AclFile, acl);
        security.OpenToBroker();
        return security;
    }

    // mosquitto started as root drops to its "mosquitto" user before it reads the password file, ACL and
    // certificates, and a temp directory is made for its owner only: open the (throw-away) files to it.
    private void OpenToBroker()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    /// <summary>Sets (or changes) a user's password with <c>mosquitto_passwd -b</c> (<c>-c</c> creates the file).</summary>
    public void SetPassword(string user, string password, bool create = false)
    {
        Run("/usr/bin/mosquitto_passwd", create ? ["-c", "-b", PasswordFile, user, password] : ["-b", PasswordFile, user, password]);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    /// <summary>mosquitto's listener lines for <paramref name="port"/>: TLS requiring a client certificate, or plain
    /// TCP; both with the password file and the ACL, and no anonymous access.</summary>
    public string Listener(int port, bool tls = true)
    {
        var lines = new List<string>
        {
            "per_listener_settings false",
            string.Create(CultureInfo.InvariantCulture, $"listener {port} 127.0.0.1"),
        };
        if (tls)
        {
            lines.AddRange([
                $"cafile {CaFile}", $"certfile {Path.Combine(Directory, "server.crt")}", $"keyfile {Path.Combine(Directory, "server.key")}",
                "require_certificate true",
            ]);
        }

        lines.AddRange(["allow_anonymous false", $"password_file {PasswordFile}", $"acl_file {AclFile}"]);
        return string.Join('\n', lines);
    }

    private void MakeCa(string name, string subject) =>
        Run("/usr/bin/openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-keyout", Path.Combine(Directory, name + ".key"), "-out", Path.Combine(Directory, name + ".crt"), "-subj", "/CN=" + subject,
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);

    private void MakeCertificate(string name, string commonName, string extensions)
    {
        var key = Path.Combine(Directory, name + ".key");
        var csr = Path.Combine(Directory, name + ".csr");
        var ext = Path.Combine(Directory, name + ".ext");
        File.WriteAllText(ext, "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyAgreement\n" + extensions + "\n");
        Run("/usr/bin/openssl", ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", csr,
            "-subj", "/CN=" + commonName]);
        Run("/usr/bin/openssl", ["x509", "-req", "-in", csr, "-CA", CaFile, "-CAkey", Path.Combine(Directory, "ca.key"), "-CAcreateserial",
            "-days", "2", "-out", Path.Combine(Directory, name + ".crt"), "-extfile", ext]);
    }

    private static void Run(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException(tool + " did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}");
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
