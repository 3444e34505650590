using System.Text;
using RovDsp.Replay.Cli;

namespace RovDsp.Replay.Tests.Cli;

/// <summary>One in-process run of rovdsp-replay (the same RootCommand the executable builds), its output captured
/// and readable while it runs.</summary>
internal sealed class CliRun
{
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private CliRun(string[] args, CancellationToken cancellationToken)
    {
        Task = ReplayCli.RunAsync(args, new LockedWriter(_output), new LockedWriter(_error), cancellationToken);
    }

    /// <summary>The run; its result is the exit code.</summary>
    public Task<int> Task { get; }

    /// <summary>The exit code of a finished run.</summary>
    public int ExitCode => Task.IsCompletedSuccessfully ? Task.GetAwaiter().GetResult() : throw new InvalidOperationException("the run has not finished");

    /// <summary>Standard output so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Standard error so far.</summary>
    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>Starts a run.</summary>
    public static CliRun Start(CancellationToken cancellationToken, params string[] args) => new(args, cancellationToken);

    /// <summary>Runs to the end (failing the test after <paramref name="timeout"/>).</summary>
    public static async Task<CliRun> RunAsync(TimeSpan timeout, params string[] args)
    {
        var run = new CliRun(args, CancellationToken.None);
        await run.Task.WaitAsync(timeout);
        return run;
    }

    /// <summary>Waits until standard output contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (Task.IsCompleted || DateTime.UtcNow > deadline)
            {
                Assert.Fail($"'{text}' never appeared; output:\n{Output}\nerror:\n{Error}");
            }

            await System.Threading.Tasks.Task.Delay(50);
        }
    }

    /// <summary>A writer appending to a string builder under its lock (the commands write from several tasks).</summary>
    private sealed class LockedWriter(StringBuilder target) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (target)
            {
                target.Append(value);
            }
        }

        public override void Write(string? value)
        {
            lock (target)
            {
                target.Append(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (target)
            {
                target.Append(value).Append('\n');
            }
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return System.Threading.Tasks.Task.CompletedTask;
        }
    }
}
