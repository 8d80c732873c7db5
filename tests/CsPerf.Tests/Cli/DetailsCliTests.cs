using System.Text.Json;
using CsPerf.Cli;
using CsPerf.Tests.IO;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.Cli;

// Issue 9 item 1: csperf details DIR --list NAME (docs/details.md).
public class DetailsCliTests
{
    // buyer_b writes to xiaoli and gets only an auto-reply: unreplied; buyer_a is answered (TempDataset.M1, M2).
    private const string M3 = """{"id":"m3","shop":"s1","customer":"buyer_b","account":"s1:xiaoli","dir":"in","at":"2026-11-01T11:00:05+08:00","text":"在吗"}""";
    private const string M4 = """{"id":"m4","shop":"s1","customer":"buyer_b","account":"s1:xiaoli","dir":"out","at":"2026-11-01T11:00:10+08:00","text":"$自动回复"}""";

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr, new FakeClock(Instant.FromUtc(2026, 12, 1, 0, 0)));
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static TempDataset Data() =>
        new TempDataset().With("messages.jsonl", TempDataset.M1, TempDataset.M2, M3, M4).With("orders.jsonl", TempDataset.O1);

    [Fact] // issue 9 item 1: every row names the message that decided it; the total equals the report's KPI
    public void Details_UnrepliedJson_RowsNameTheirMessagesAndTotalEqualsKpi()
    {
        using var data = Data();
        var (code, output, err) = Run("details", data.Dir, "--list", "unreplied", "--format", "json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("unreplied", root.GetProperty("list").GetString());
        Assert.Equal("未回复明细", root.GetProperty("name").GetString());
        var row = Assert.Single(root.GetProperty("rows").EnumerateArray().ToList());
        Assert.Equal(("buyer_b", "s1:xiaoli", "m3"), (row.GetProperty("customer").GetString(), row.GetProperty("account").GetString(), row.GetProperty("firstMessage").GetString()));
        Assert.Equal(1, root.GetProperty("totals").GetProperty("unreplied").GetInt32());

        var (_, report, _) = Run("report", data.Dir, "--format", "json");
        using var r = JsonDocument.Parse(report);
        Assert.Equal(1, r.RootElement.GetProperty("periods")[0].GetProperty("total").GetProperty("kpis").GetProperty("unreplied").GetInt32());
    }

    [Fact] // docs/details.md: CSV has a header with the list's columns and one line per row
    public void Details_Csv_HeaderAndOneLinePerRow()
    {
        using var data = Data();
        var (code, output, err) = Run("details", data.Dir, "--list", "unreplied", "--format", "csv");
        Assert.True(code == 0, err);
        var lines = output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("day,shop,customer,account,agent,firstMessage,firstAt,lastMessage,lastAt,waitedSeconds,open", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("2026-11-01,s1,buyer_b,s1:xiaoli,s1:xiaoli,m3,", lines[1], StringComparison.Ordinal);
    }

    [Fact] // issue 9 item 1: --agent keeps the agent's rows; the silent list with the last contact
    public void Details_AgentAndTable_Work()
    {
        using var data = Data();
        var (code, output, err) = Run("details", data.Dir, "--list", "unreplied", "--agent", "s1:xiaowang");
        Assert.True(code == 0, err);
        Assert.Contains("0 row(s); unreplied 0", output, StringComparison.Ordinal);
        (code, output, err) = Run("details", data.Dir, "--list", "lost", "--format", "table");
        Assert.True(code == 0, err);
        Assert.Contains("询单流失明细", output, StringComparison.Ordinal);
    }

    [Fact] // contract "Command line": an unknown list is exit 2 naming the valid lists
    public void Details_UnknownList_Exit2WithTheValidNames()
    {
        using var data = Data();
        var (code, _, err) = Run("details", data.Dir, "--list", "nosuch");
        Assert.Equal(2, code);
        Assert.Contains("unreplied, slow, noResponse, long, reviews, refunds, silent, lost", err, StringComparison.Ordinal);
        Assert.Equal(2, Run("details", data.Dir).Code); // --list missing
    }

    [Fact] // contract "Command line": an unknown agent is exit 2 naming the agents
    public void Details_UnknownAgent_Exit2()
    {
        using var data = Data();
        var (code, _, err) = Run("details", data.Dir, "--list", "unreplied", "--agent", "ghost");
        Assert.Equal(2, code);
        Assert.Contains("no agent \"ghost\"", err, StringComparison.Ordinal);
        Assert.Contains("s1:xiaoli", err, StringComparison.Ordinal);
    }
}
