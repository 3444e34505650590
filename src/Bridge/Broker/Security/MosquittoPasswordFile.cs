using System.Security.Cryptography;
using System.Text;

namespace RovDsp.Bridge.Broker.Security;

/// <summary>
/// A password file in mosquitto's own format, as <c>mosquitto_passwd</c> (2.0) writes it: one
/// <c>user:$7$iterations$salt$hash</c> line per user (PBKDF2-HMAC-SHA512, mosquitto 2.0's default) or
/// <c>user:$6$salt$hash</c> (one salted SHA-512, mosquitto 1.x), salt 12 bytes and hash 64 bytes in base64; lines
/// starting with '#' and lines without ':' are ignored, as mosquitto ignores them. Where mosquitto logs a bad entry
/// and drops it, this refuses the whole file with the line number, so a typo never silently locks a user out.
/// The same file then secures mosquitto and the embedded broker.
/// </summary>
public sealed class MosquittoPasswordFile
{
    private const int SaltLength = 12;
    private const int HashLength = 64;

    // Verification of an unknown user still costs one derivation, so timing does not tell which users exist.
    private static readonly Entry Decoy = new(HashKind.Pbkdf2Sha512, 101, new byte[SaltLength], new byte[HashLength]);

    private readonly Dictionary<string, Entry> _users;

    private MosquittoPasswordFile(Dictionary<string, Entry> users, string source)
    {
        _users = users;
        Source = source;
    }

    private enum HashKind
    {
        Sha512,
        Pbkdf2Sha512,
    }

    private sealed record Entry(HashKind Kind, int Iterations, byte[] Salt, byte[] Hash);

    /// <summary>Where the file was read from (for messages).</summary>
    public string Source { get; }

    /// <summary>The user names in the file.</summary>
    public IReadOnlyCollection<string> Users => _users.Keys;

    /// <summary>Reads <paramref name="path"/>; throws <see cref="FormatException"/> naming the bad line.</summary>
    public static MosquittoPasswordFile Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses the text of a password file; <paramref name="source"/> names it in errors.</summary>
    public static MosquittoPasswordFile Parse(string text, string source = "password file")
    {
        ArgumentNullException.ThrowIfNull(text);
        var users = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (line.StartsWith('#') || colon < 0)
            {
                continue;
            }

            var where = $"{source} line {i + 1}";
            var user = line[..colon].Trim();
            var hash = line[(colon + 1)..].Trim();
            if (user.Length == 0)
            {
                throw new FormatException($"{where}: empty user name");
            }

            if (!users.TryAdd(user, ParseHash(hash, where, user)))
            {
                throw new FormatException($"{where}: user '{user}' appears twice");
            }
        }

        return new MosquittoPasswordFile(users, source);
    }

    private static Entry ParseHash(string text, string where, string user)
    {
        // "$7$<iterations>$<salt>$<hash>" or "$6$<salt>$<hash>"
        var parts = text.Split('$');
        HashKind kind;
        var iterations = 0;
        int next;
        if (parts.Length == 5 && parts[0].Length == 0 && parts[1] == "7")
        {
            kind = HashKind.Pbkdf2Sha512;
            if (!int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out iterations)
                || iterations < 1)
            {
                throw new FormatException($"{where}: user '{user}' has an invalid iteration count '{parts[2]}'");
            }

            next = 3;
        }
        else if (parts.Length == 4 && parts[0].Length == 0 && parts[1] == "6")
        {
            kind = HashKind.Sha512;
            next = 2;
        }
        else
        {
            throw new FormatException($"{where}: user '{user}' has no password hash of the form $7$iterations$salt$hash or $6$salt$hash (make it with mosquitto_passwd)");
        }

        var salt = Decode(parts[next], SaltLength, where, user, "salt");
        var hash = Decode(parts[next + 1], HashLength, where, user, "hash");
        return new Entry(kind, iterations, salt, hash);
    }

    private static byte[] Decode(string base64, int length, string where, string user, string what)
    {
        var bytes = new byte[length];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written != length)
        {
            throw new FormatException($"{where}: user '{user}' has a {what} that is not {length} bytes of base64");
        }

        return bytes;
    }

    /// <summary>Whether <paramref name="password"/> (the CONNECT packet's bytes) is <paramref name="user"/>'s. The
    /// hash comparison takes constant time, and an unknown user costs a derivation as a known one does.</summary>
    public bool Verify(string user, ReadOnlySpan<byte> password)
    {
        ArgumentNullException.ThrowIfNull(user);
        var known = _users.TryGetValue(user, out var entry);
        entry ??= Decoy;
        Span<byte> hash = stackalloc byte[HashLength];
        if (entry.Kind == HashKind.Pbkdf2Sha512)
        {
            Rfc2898DeriveBytes.Pbkdf2(password, entry.Salt, hash, entry.Iterations, HashAlgorithmName.SHA512);
        }
        else
        {
            // mosquitto's $6$: SHA-512 over the password followed by the salt.
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
            sha.AppendData(password);
            sha.AppendData(entry.Salt);
            sha.GetHashAndReset(hash);
        }

        return CryptographicOperations.FixedTimeEquals(hash, entry.Hash) && known;
    }

    /// <summary>Whether <paramref name="password"/> is <paramref name="user"/>'s (UTF-8, as MQTT sends it).</summary>
    public bool Verify(string user, string password) => Verify(user, Encoding.UTF8.GetBytes(password));
}
