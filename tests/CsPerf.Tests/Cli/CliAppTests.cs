using System.Diagnostics;
using System.Text.Json;
using CsPerf.Cli;
using CsPerf.Tests.IO;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.Cli;

// contract.md "Command line csperf": exit codes 0 ok, 2 bad input or arguments (message on stderr), 1 unexpected.
public class CliAppTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr, new FakeClock(Instant.FromUtc(2026, 12, 1, 0, 0)));
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Validate_CleanDataset_ExitsZeroWithSummary()
    {
        using var ds = TempDataset.Valid();
        var (code, output, err) = Run("validate", ds.Dir);
        Assert.Equal(0, code);
        Assert.StartsWith("2 messages, 1 orders,", output, StringComparison.Ordinal);
        Assert.Equal("", err);
    }

    [Fact]
    public void Validate_BadLines_ExitsTwoListingEveryProblem()
    {
        using var ds = new TempDataset().With("messages.jsonl", TempDataset.M1, "{bad", """{"id":"m3","shop":"s1","customer":"c","account":"a","dir":"x","at":"2026-11-01T10:00:05Z"}""");
        var (code, _, err) = Run("validate", ds.Dir);
        Assert.Equal(2, code);
        Assert.Equal(["messages.jsonl:2: -: not valid JSON", "messages.jsonl:3: dir: expected \"in\" or \"out\""], err.TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public void Report_Json_WritesTheContractDocument()
    {
        using var ds = TempDataset.Valid();
        var (code, output, err) = Run("report", ds.Dir, "--format", "json", "--as-of", "2026-11-30T00:00:00Z", "--rule", "payment");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("2026-11-30T00:00:00Z", doc.RootElement.GetProperty("asOf").GetString());
        Assert.Equal("Payment", doc.RootElement.GetProperty("rule").GetString());
    }

    [Fact]
    public void Report_AsOfLocalDate_IsStartOfThatDateInTheConfiguredZone()
    {
        using var ds = TempDataset.Valid();
        var (code, output, _) = Run("report", ds.Dir, "--format", "json", "--as-of", "2026-11-30", "--set", "TimeZone=Asia/Tokyo");
        Assert.Equal(0, code);
        Assert.Equal("2026-11-29T15:00:00Z", JsonDocument.Parse(output).RootElement.GetProperty("asOf").GetString());
    }

    [Fact]
    public void Report_DefaultAsOf_ComesFromTheClock()
    {
        using var ds = TempDataset.Valid();
        var (_, output, _) = Run("report", ds.Dir, "--format", "json");
        Assert.Equal("2026-12-01T00:00:00Z", JsonDocument.Parse(output).RootElement.GetProperty("asOf").GetString());
    }

    [Fact]
    public void Report_Lenient_ReportsRejectedLinesInTheOutput()
    {
        using var ds = new TempDataset().With("messages.jsonl", TempDataset.M1, "{bad");
        var (code, output, _) = Run("report", ds.Dir, "--format", "json", "--lenient");
        Assert.Equal(0, code);
        Assert.Equal(1, JsonDocument.Parse(output).RootElement.GetProperty("rejected").GetInt32());
        Assert.Equal(2, Run("report", ds.Dir, "--format", "json").Code);
    }

    [Fact] // issue 10 item 7: --bom starts a CSV with the UTF-8 byte order mark (Excel and Chinese names); other formats refuse it
    public void Report_Bom_OnlyForCsv()
    {
        using var ds = TempDataset.Valid();
        string csv = Path.Combine(ds.Dir, "bom.csv");
        Assert.Equal(0, Run("report", ds.Dir, "--format", "csv", "--bom", "--out", csv).Code);
        byte[] bytes = File.ReadAllBytes(csv);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.StartsWith("period_from,", System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3), StringComparison.Ordinal);
        var json = Run("report", ds.Dir, "--format", "json", "--bom");
        Assert.Equal(2, json.Code);
        Assert.Contains("--bom: only for --format csv", json.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_OutFileAndFormats_Work()
    {
        using var ds = TempDataset.Valid();
        string csv = Path.Combine(ds.Dir, "out.csv");
        Assert.Equal(0, Run("report", ds.Dir, "--format", "csv", "--out", csv, "--by", "day").Code);
        Assert.StartsWith("period_from,period_to,level,shop,agent,account", File.ReadAllText(csv), StringComparison.Ordinal);
        Assert.Equal(0, Run("report", ds.Dir).Code);
        Assert.Contains("<html", Run("report", ds.Dir, "--format", "html").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_ConfigSources_MergeWithFlagsWinning()
    {
        using var ds = TempDataset.Valid().With("config.json", """{"SessionGap":"nonsense"}""");
        var (code, _, err) = Run("report", ds.Dir);
        Assert.Equal(2, code);
        Assert.StartsWith("config.json:0: SessionGap: expected a duration", err, StringComparison.Ordinal);
        // A value that parses but is invalid is judged after the merge: a flag may override it.
        ds.With("config.json", """{"SessionGap":"-00:01:00"}""");
        Assert.Equal(2, Run("report", ds.Dir).Code);
        Assert.Equal(0, Run("report", ds.Dir, "--session-gap", "00:10:00").Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("frobnicate")]
    [InlineData("report")]
    [InlineData("report DIR --by year")]
    [InlineData("report DIR --rule best")]
    [InlineData("report DIR --format pdf")]
    [InlineData("report DIR --from 2026-11-31")]
    [InlineData("report DIR --from 2026-11-02 --to 2026-11-01")]
    [InlineData("report DIR --as-of tomorrow")]
    [InlineData("report DIR --what")]
    [InlineData("report DIR --set NoSuchKnob=1")]
    [InlineData("report DIR --config /no/such/file.json")]
    [InlineData("report /no/such/folder")]
    [InlineData("explain DIR --order o9")]
    [InlineData("explain DIR")]
    [InlineData("payroll DIR --period 2026-11")]
    public void Run_BadArguments_ExitTwoWithMessageAndNoStackTrace(string commandLine)
    {
        using var ds = TempDataset.Valid();
        var (code, _, err) = Run(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a == "DIR" ? ds.Dir : a).ToArray());
        Assert.Equal(2, code);
        Assert.NotEqual("", err);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact] // contract.md "Explain": the JSON names the agents, the credit under each rule and why
    public void Explain_Json_NamesAgentsRulesAndReasons()
    {
        using var ds = TempDataset.Valid();
        var (code, output, err) = Run("explain", ds.Dir, "--order", "o1", "--format", "json", "--as-of", "2026-11-30T00:00:00Z");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("o1", root.GetProperty("order").GetString());
        Assert.Equal("2026-10-31T00:00:00+08:00", root.GetProperty("creditWindow").GetProperty("from").GetString());
        Assert.Equal("s1:xiaowang", root.GetProperty("orderAgent").GetString());
        Assert.Equal("s1:xiaowang", root.GetProperty("paymentAgent").GetString());
        Assert.Equal("s1:xiaowang", root.GetProperty("credited").GetProperty("OrderFirst").GetString());
        Assert.Equal("m2", root.GetProperty("candidates")[0].GetProperty("message").GetString());
        Assert.True(root.GetProperty("why").GetArrayLength() >= 3);
    }

    [Fact]
    public void Explain_Table_SaysWhoInPlainWords()
    {
        using var ds = TempDataset.Valid();
        var (code, output, _) = Run("explain", ds.Dir, "--order", "o1", "--as-of", "2026-11-30");
        Assert.Equal(0, code);
        Assert.Contains("order agent 落实下单客服:   s1:xiaowang", output, StringComparison.Ordinal);
        Assert.Contains("so s1:xiaowang is the order agent", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_NoArguments_PrintsTheTable()
    {
        var (code, output, _) = Run("demo");
        Assert.Equal(0, code);
        Assert.Contains("Period 2026-11-01", output, StringComparison.Ordinal);
        Assert.Contains("小王", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ThenValidate_RoundTripsClean()
    {
        using var ds = new TempDataset();
        var (code, output, err) = Run("generate", "--out", ds.Dir, "--customers", "50", "--days", "2", "--seed", "7");
        Assert.True(code == 0, err);
        Assert.StartsWith("wrote ", output, StringComparison.Ordinal);
        var validate = Run("validate", ds.Dir);
        Assert.True(validate.Code == 0, validate.Err);
        Assert.Equal(0, Run("report", ds.Dir, "--format", "json", "--by", "day").Code);
        Assert.Equal(2, Run("generate", "--out", ds.Dir, "--customers", "0").Code);
        Assert.Equal(2, Run("generate").Code);
    }

    private sealed class BrokenWriter : StringWriter
    {
        public override void WriteLine(string? value) => throw new InvalidOperationException("disk on fire");
    }

    [Fact]
    public void Run_UnexpectedFailure_ExitsOneWithMessageAndNoStackTrace()
    {
        var stderr = new StringWriter();
        int code = CliApp.Run(["--version"], new BrokenWriter(), stderr, new FakeClock(Instant.FromUtc(2026, 12, 1, 0, 0)));
        Assert.Equal(1, code);
        Assert.Equal("csperf: unexpected failure: disk on fire", stderr.ToString().Trim());
    }

    [Fact]
    public void Report_RuleAll_UsesTheConfiguredRuleForUnsuffixedKeys()
    {
        using var ds = TempDataset.Valid();
        var (code, output, err) = Run("report", ds.Dir, "--format", "json", "--rule", "all", "--attribution-rule", "Payment");
        Assert.True(code == 0, err);
        Assert.Equal("Payment", JsonDocument.Parse(output).RootElement.GetProperty("rule").GetString());
    }

    [Fact]
    public void Run_HelpAndVersion_ExitZero()
    {
        Assert.Contains("csperf report DIR", Run("--help").Out, StringComparison.Ordinal);
        Assert.Equal("csperf " + CliApp.Version, Run("--version").Out.Trim());
    }

    [Fact]
    public void Process_BuiltTool_RunsValidate()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "csperf.dll");
        Assert.True(File.Exists(dll), dll);
        using var ds = new TempDataset().With("messages.jsonl", TempDataset.M1, "{bad");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("validate");
        psi.ArgumentList.Add(ds.Dir);
        using var process = Process.Start(psi)!;
        string err = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000));
        Assert.Equal(2, process.ExitCode);
        Assert.Equal("messages.jsonl:2: -: not valid JSON", err.Trim());
    }
}
