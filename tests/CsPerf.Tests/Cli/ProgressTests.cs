using CsPerf.Cli;
using CsPerf.IO;
using CsPerf.Tests.IO;
using Xunit;

namespace CsPerf.Tests.Cli;

/// <summary>Issue 10 item 2: progress on stderr for long ingests, only on a terminal, never with --quiet.</summary>
public class ProgressTests
{
    private sealed class Recorder : IProgress<LoadProgress>
    {
        public List<LoadProgress> Reports { get; } = [];

        public void Report(LoadProgress value)
        {
            lock (Reports)
            {
                Reports.Add(value);
            }
        }
    }

    [Fact] // the load reports the messages file's bytes, ending at its size, and loads the same dataset as without
    public void Load_WithProgress_ReportsUpToTheFileSize_AndLoadsTheSame()
    {
        using var ds = TempDataset.Valid();
        var recorder = new Recorder();
        var with = DatasetReader.Load(ds.Dir, CsPerfConfig.Default, lenient: false, recorder);
        var without = DatasetReader.Load(ds.Dir, CsPerfConfig.Default, lenient: false);
        Assert.Equal(without.Counts, with.Counts);
        var last = Assert.Single(recorder.Reports, r => r.BytesRead == r.TotalBytes);
        Assert.Equal("messages.jsonl", last.File);
        Assert.Equal(new FileInfo(Path.Combine(ds.Dir, "messages.jsonl")).Length, last.TotalBytes);
    }

    [Fact] // the terminal display draws a line, redraws it in place (\r) and clears it when the file is read
    public void TerminalProgress_DrawsThenClears()
    {
        var err = new StringWriter();
        var progress = new TerminalProgress(err);
        progress.Report(new LoadProgress("messages.jsonl", 512_000_000, 1_557_000_000));
        Assert.Equal("\rreading messages.jsonl   32%  512 / 1,557 MB", err.ToString());
        progress.Report(new LoadProgress("messages.jsonl", 1_557_000_000, 1_557_000_000));
        Assert.EndsWith("\r" + new string(' ', 60) + "\r", err.ToString(), StringComparison.Ordinal);
    }

    [Fact] // not a terminal (a redirected stderr, a test's writer): no progress at all
    public void Progress_OnlyOnATerminal()
    {
        Assert.Null(TerminalError.For(new StringWriter()));
        Assert.NotNull(TerminalError.For(new TerminalError(new StringWriter())));
    }

    [Fact] // --quiet is accepted by any command and turns the terminal display off
    public void Quiet_AnyCommand_NoProgress()
    {
        using var ds = TempDataset.Valid();
        var err = new StringWriter();
        int code = CliApp.Run(["report", ds.Dir, "--format", "json", "--quiet"], new StringWriter(), new TerminalError(err), new FakeClock(NodaTime.Instant.FromUtc(2026, 12, 1, 0, 0)));
        Assert.Equal(0, code);
        Assert.DoesNotContain('\r', err.ToString());
    }

    [Fact] // generate tells the days written (1 … Days), and the terminal display clears itself after the last
    public void Generate_ReportsEachDay_AndTheDisplayClears()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"csperf-gen-progress-{Guid.NewGuid():N}");
        try
        {
            var days = new List<int>();
            CsPerf.Synthetic.SyntheticData.WriteTo(dir, new CsPerf.Synthetic.GeneratorOptions { Shops = 1, Customers = 20, Days = 3 }, new ListProgress(days));
            Assert.Equal([1, 2, 3], days);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        var err = new StringWriter();
        var display = TerminalError.ForDays(new TerminalError(err), 3)!;
        display.Report(1);
        Assert.Equal("\rgenerating day 1 / 3", err.ToString());
        display.Report(3);
        Assert.EndsWith("\r" + new string(' ', 40) + "\r", err.ToString(), StringComparison.Ordinal);
        Assert.Null(TerminalError.ForDays(new StringWriter(), 3));
    }

    private sealed class ListProgress(List<int> into) : IProgress<int>
    {
        public void Report(int value) => into.Add(value);
    }
}
