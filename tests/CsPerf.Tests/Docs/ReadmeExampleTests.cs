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
}
