using System.Diagnostics;
using RovDsp.Bridge.Broker.Security;
using RovDsp.Bridge.Tests.Support;

namespace RovDsp.Bridge.Tests.Security;

/// <summary>The password file as mosquitto_passwd 2.0.11 writes it: the files are made by the real tool (at test
/// time, and once for the committed fixture), so the expected answers come from mosquitto, not from the parser.</summary>
public class MosquittoPasswordFileTests
{
    private static string Fixture => Path.Combine(RepoFiles.Root, "tests", "RovDsp.Bridge.Tests", "Security", "Fixtures", "passwd.fixture");

    /// <summary>Runs mosquitto_passwd with <paramref name="args"/> and fails on a non-zero exit.</summary>
    internal static async Task MosquittoPasswd(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/mosquitto_passwd", args) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"mosquitto_passwd {string.Join(' ', args)}: {stderr}");
    }

    [MosquittoFact]
    public async Task Verifies_passwords_of_a_file_made_by_mosquitto_passwd_now_in_both_hash_formats()
    {
        var dir = Directory.CreateTempSubdirectory("rovdsp-passwd-").FullName;
        try
        {
            var file = Path.Combine(dir, "passwd");
            await MosquittoPasswd("-c", "-b", file, "pilot1", "correct horse");
            await MosquittoPasswd("-H", "sha512", "-b", file, "old", "sha512 only");
            await MosquittoPasswd("-b", file, "sensor-7", "s3nsor:pw");
            var text = await File.ReadAllTextAsync(file);
            Assert.Contains("pilot1:$7$", text, StringComparison.Ordinal);
            Assert.Contains("old:$6$", text, StringComparison.Ordinal);

            var passwords = MosquittoPasswordFile.Load(file);
            Assert.Equal(["old", "pilot1", "sensor-7"], passwords.Users.Order(StringComparer.Ordinal));
            Assert.True(passwords.Verify("pilot1", "correct horse"));
            Assert.True(passwords.Verify("old", "sha512 only"));
            Assert.True(passwords.Verify("sensor-7", "s3nsor:pw"));
            Assert.False(passwords.Verify("pilot1", "correct horse "));
            Assert.False(passwords.Verify("pilot1", "sha512 only"));
            Assert.False(passwords.Verify("old", "correct horse"));
            Assert.False(passwords.Verify("nobody", "correct horse"));
            Assert.False(passwords.Verify("pilot1", ""));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Verifies_the_committed_fixture_made_by_mosquitto_passwd_2_0_11()
    {
        // alice: $7$ (PBKDF2-SHA512, 101 iterations), a password with ':' and '$'; bob: $6$ (-H sha512), non-ASCII.
        var passwords = MosquittoPasswordFile.Load(Fixture);
        Assert.True(passwords.Verify("alice", "alice pw:with colon$and dollar"));
        Assert.True(passwords.Verify("bob", "bob-Ünïcode-pw"));
        Assert.False(passwords.Verify("alice", "alice pw:with colon"));
        Assert.False(passwords.Verify("bob", "bob-Unicode-pw"));
        Assert.False(passwords.Verify("Alice", "alice pw:with colon$and dollar"));
    }

    [Theory]
    [InlineData("u:$7$101$c2FsdA==$aGFzaA==", "salt")]
    [InlineData("u:plaintext", "no password hash")]
    [InlineData("u:$7$0$HhUuh+OIN9wCuLQt$nw+K099nBFsAkdVl3K52eTH+iwq8Fq6CRtjp/uzepDo/RLBpRmG9f+vWFyowR1KY9wJwgbk5+dxaE/TuBwf5rA==", "iteration")]
    [InlineData("u:$5$HhUuh+OIN9wCuLQt$nw+K099nBFsAkdVl3K52eTH+iwq8Fq6CRtjp/uzepDo/RLBpRmG9f+vWFyowR1KY9wJwgbk5+dxaE/TuBwf5rA==", "no password hash")]
    [InlineData("u:$7$101$HhUuh+OIN9wCuLQt$bm90IDY0IGJ5dGVz", "hash")]
    [InlineData(":$7$101$HhUuh+OIN9wCuLQt$nw+K099nBFsAkdVl3K52eTH+iwq8Fq6CRtjp/uzepDo/RLBpRmG9f+vWFyowR1KY9wJwgbk5+dxaE/TuBwf5rA==", "empty user")]
    public void A_bad_entry_is_refused_with_its_line_number(string line, string problem)
    {
        var ex = Assert.Throws<FormatException>(() => MosquittoPasswordFile.Parse("# comment\n\n" + line + "\n", "pw"));
        Assert.StartsWith("pw line 3:", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_and_lines_without_a_colon_are_skipped_as_mosquitto_skips_them()
    {
        var text = "# alice:$7$garbage\nnot a user line\n" + File.ReadAllText(Fixture).Replace("\n", "\r\n", StringComparison.Ordinal);
        var passwords = MosquittoPasswordFile.Parse(text);
        Assert.Equal(["alice", "bob"], passwords.Users.Order(StringComparer.Ordinal));
        Assert.True(passwords.Verify("alice", "alice pw:with colon$and dollar"));
    }
}
