using System.Diagnostics;
using System.Globalization;
using CsPerf.IO;

namespace CsPerf.Cli;

/// <summary>
/// Standard error when it is a terminal and <c>--quiet</c> was not given: the one place progress may be drawn. Every
/// other writer (a redirected stderr, a test's StringWriter) gets no progress, so scripts and logs stay clean.
/// </summary>
internal sealed class TerminalError(TextWriter inner) : TextWriter
{
    public TextWriter Inner { get; } = inner;

    public override System.Text.Encoding Encoding => Inner.Encoding;

    public override void Write(char value) => Inner.Write(value);

    public override void Write(string? value) => Inner.Write(value);

    public override void WriteLine(string? value) => Inner.WriteLine(value);

    public override void Flush() => Inner.Flush();

    /// <summary>A progress display for loading a dataset on <paramref name="stderr"/>, or null when it is not a terminal.</summary>
    public static IProgress<LoadProgress>? For(TextWriter stderr) => stderr is TerminalError t ? new TerminalProgress(t.Inner) : null;

    /// <summary>A progress display for <c>generate</c> (days written of <paramref name="days"/>), or null when not a terminal.</summary>
    public static IProgress<int>? ForDays(TextWriter stderr, int days) => stderr is TerminalError t ? new DaysProgress(t.Inner, days) : null;
}

/// <summary>Draws <c>generating day 12 / 31</c> on one line of stderr and clears it after the last day.</summary>
internal sealed class DaysProgress(TextWriter stderr, int days) : IProgress<int>
{
    public void Report(int value)
    {
        stderr.Write(value >= days
            ? "\r" + new string(' ', 40) + "\r"
            : string.Create(CultureInfo.InvariantCulture, $"\rgenerating day {value} / {days}"));
        stderr.Flush();
    }
}

/// <summary>
/// Draws <c>reading messages.jsonl  42%  655 / 1557 MB</c> on one line of stderr, redrawn at most 5 times a second,
/// and clears it when the file is read.
/// </summary>
internal sealed class TerminalProgress(TextWriter stderr) : IProgress<LoadProgress>
{
    private readonly Stopwatch _since = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private long _lastDrawn = -1000;

    public void Report(LoadProgress value)
    {
        lock (_gate)
        {
            bool done = value.BytesRead >= value.TotalBytes;
            long now = _since.ElapsedMilliseconds;
            if (done)
            {
                if (_lastDrawn >= 0)
                {
                    stderr.Write("\r" + new string(' ', 60) + "\r");
                }

                return;
            }

            if (now - _lastDrawn < 200)
            {
                return;
            }

            _lastDrawn = now;
            int percent = value.TotalBytes == 0 ? 100 : (int)(value.BytesRead * 100 / value.TotalBytes);
            stderr.Write(string.Create(CultureInfo.InvariantCulture, $"\rreading {value.File}  {percent,3}%  {value.BytesRead / 1_000_000:N0} / {value.TotalBytes / 1_000_000:N0} MB"));
            stderr.Flush();
        }
    }
}
