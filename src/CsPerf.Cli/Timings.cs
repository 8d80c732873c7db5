using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CsPerf.Cli;

/// <summary>
/// Wall time per stage of <c>csperf report</c>, printed to standard error when <c>CSPERF_TIMINGS=1</c>
/// (docs/performance.md): process start-up to the load (the runtime up to <c>Main</c>, then the command line up to the
/// load), then each stage.
/// </summary>
internal sealed class Timings
{
    /// <summary>When <c>Main</c> began (<see cref="Stopwatch.GetTimestamp"/>); 0 when the command line runs in-process.</summary>
    internal static long MainStarted { get; set; }

    private readonly TextWriter _error;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly StringBuilder _text = new();
    private TimeSpan _last;

    private Timings(TextWriter error)
    {
        _error = error;
        var startUp = DateTime.Now - Process.GetCurrentProcess().StartTime;
        _text.Append(CultureInfo.InvariantCulture, $"start-up {startUp.TotalMilliseconds:F0} ms");
        if (MainStarted != 0)
        {
            var cli = Stopwatch.GetElapsedTime(MainStarted);
            _text.Append(CultureInfo.InvariantCulture, $" (runtime {(startUp - cli).TotalMilliseconds:F0} ms, cli {cli.TotalMilliseconds:F0} ms)");
        }
    }

    /// <summary>A recorder when <c>CSPERF_TIMINGS=1</c>, else null.</summary>
    public static Timings? FromEnvironment(TextWriter error) =>
        Environment.GetEnvironmentVariable("CSPERF_TIMINGS") == "1" ? new Timings(error) : null;

    /// <summary>Ends a stage.</summary>
    public void Lap(string stage)
    {
        var now = _watch.Elapsed;
        _text.Append(CultureInfo.InvariantCulture, $", {stage} {(now - _last).TotalMilliseconds:F0} ms (heap {GC.GetTotalMemory(false) / 1_000_000} MB, rss {Environment.WorkingSet / 1_000_000} MB, gc {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)})");
        _last = now;
    }

    /// <summary>Prints the stages on one line.</summary>
    public void Print() => _error.WriteLine($"csperf: timings: {_text}");
}
