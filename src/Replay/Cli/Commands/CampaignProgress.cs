using System.Globalization;
using RovDsp.Replay.Processing;
using Spectre.Console;

namespace RovDsp.Replay.Cli.Commands;

/// <summary>The campaign's progress: on a terminal a Spectre.Console bar over the whole campaign (the sum of every
/// dive's done fraction) with a bar per running dive; otherwise (CI logs, pipes) plain lines, one per finished dive
/// and one each time the campaign passes another 10 %. Called from the runner's tasks, so it locks.</summary>
internal sealed class CampaignProgress
{
    private readonly object _gate = new();
    private readonly int _dives;
    private readonly double[] _done;
    private readonly ProgressContext? _context;
    private readonly ProgressTask? _total;
    private readonly Dictionary<int, ProgressTask> _running = [];
    private int _finished;
    private int _failed;
    private double _nextLine = 0.1;

    private CampaignProgress(int dives, ProgressContext? context)
    {
        _dives = dives;
        _done = new double[dives];
        _context = context;
        _total = context?.AddTask($"campaign: {dives} dives", maxValue: Math.Max(1, dives));
    }

    /// <summary>Runs <paramref name="body"/> with a progress display for <paramref name="dives"/> dives.</summary>
    public static T Run<T>(int dives, Func<CampaignProgress, T> body)
    {
        if (Console.IsOutputRedirected)
        {
            return body(new CampaignProgress(dives, null));
        }

        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx => result = body(new CampaignProgress(dives, ctx)));
        return result;
    }

    /// <summary>Dive <paramref name="index"/> has started.</summary>
    public void Started(int index, string name)
    {
        lock (_gate)
        {
            if (_context is not null)
            {
                _running[index] = _context.AddTask(name, maxValue: 1);
            }
        }
    }

    /// <summary>Dive <paramref name="index"/> is <paramref name="fraction"/> done.</summary>
    public void Report(int index, double fraction)
    {
        lock (_gate)
        {
            _done[index] = Math.Clamp(fraction, 0, 1);
            Update(index);
        }
    }

    /// <summary>Dive <paramref name="index"/> has finished (or failed: its summary has the error).</summary>
    public void Finished(int index, DiveSummary dive)
    {
        lock (_gate)
        {
            _done[index] = 1;
            _finished++;
            var c = CultureInfo.InvariantCulture;
            var line = dive.Error is null
                ? string.Create(c, $"[{_finished}/{_dives}] {dive.Folder}: {dive.DurationSeconds:F0} s of dive at {dive.RealTimeFactor:F0}x real time, {dive.CpuSeconds:F1} CPU-s, {dive.PeakMemoryBytes / 1e6:F0} MB")
                : $"[{_finished}/{_dives}] {dive.Folder}: FAILED: {dive.Error}";
            if (dive.Error is not null)
            {
                _failed++;
            }

            if (_context is null)
            {
                Console.WriteLine(line);
            }
            else
            {
                AnsiConsole.MarkupLine(Markup.Escape(line));
                if (_running.Remove(index, out var task))
                {
                    task.Value = 1;
                    task.StopTask();
                }
            }

            Update(index);
        }
    }

    private void Update(int index)
    {
        var total = _done.Sum();
        if (_context is not null)
        {
            _total!.Value = total;
            if (_running.TryGetValue(index, out var task))
            {
                task.Value = _done[index];
            }

            return;
        }

        var fraction = total / Math.Max(1, _dives);
        if (fraction >= _nextLine - 1e-9)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"campaign {fraction * 100:F0} %: {_finished}/{_dives} dives done, {_failed} failed"));
            _nextLine = Math.Floor(fraction * 10 + 1e-9) / 10 + 0.1;
        }
    }
}
