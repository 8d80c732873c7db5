using CsPerf.Engine;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.Docs;

/// <summary>The README's C# example, kept compiling and true.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void ReadmeExample_AutoReplyThenReply_FirstResponseIs25Seconds()
    {
        var config = CsPerfConfig.Default with { AdPhrase = "你好，本店上新啦" };
        var at = Instant.FromUtc(2026, 11, 2, 2, 0);
        var data = Dataset.Create(config, roster: null, messages:
        [
            new Message("m1", "s1", "buyer_a", "s1:xiaowang", Direction.In, at, "在吗"),
            new Message("m2", "s1", "buyer_a", "s1:xiaowang", Direction.Out, at.Plus(Duration.FromSeconds(1)), "$亲，欢迎光临"),
            new Message("m3", "s1", "buyer_a", "s1:xiaowang", Direction.Out, at.Plus(Duration.FromSeconds(25)), "在的，亲"),
        ]);

        var report = CsPerfEngine.Report(data, config, new ReportRequest { AsOf = Instant.FromUtc(2026, 12, 2, 0, 0), By = PeriodGrouping.Day });
        var total = report.Periods[0].Total;
        Assert.Equal("1", total[Kpi.Received].ToString());
        Assert.Equal("25", total[Kpi.FirstResponseAvg].ToString());
    }

    [Fact] // issue 10 item 9: no machine paths anywhere in docs/ or the README (a reader's machine is not ours)
    public void Docs_HoldNoMachinePaths()
    {
        string root = RepoRoot();
        var files = Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Append(Path.Combine(root, "README.md"));
        foreach (string file in files)
        {
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                foreach (string bad in new[] { "/tmp/", "/work/", "/root/", "/home/", "C:\\Users" })
                {
                    Assert.False(lines[i].Contains(bad, StringComparison.Ordinal), $"{Path.GetFileName(file)}:{i + 1}: machine path {bad}");
                }
            }
        }
    }

    [Fact] // the README's first lines: the two set-up commands a newcomer runs
    public void Readme_FirstLines_AreTheTwoSetUpCommands()
    {
        string[] lines = File.ReadAllLines(Path.Combine(RepoRoot(), "README.md"));
        Assert.StartsWith("dotnet run --project src/CsPerf.Cli -- demo", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("dotnet test CsPerf.sln", lines[4], StringComparison.Ordinal);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CsPerf.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("CsPerf.sln not found above the test binaries");
    }
}
