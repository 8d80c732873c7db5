using System.Text.Json;
using CsPerf.Cli;
using CsPerf.Tests.IO;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.Cli;

// Issue 10 item 2 (docs/cli.md): the command line on System.CommandLine. Every command has --help with an example
// (stdout, exit 0); a usage error is one line on stderr, exit 2 (contract.md "Command line"), naming the nearest valid
// option or command for a typo.
public class CommandLineTests
{
    private static readonly string[] Commands = ["demo", "generate", "validate", "report", "explain", "payroll", "details", "alerts"];

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr, new FakeClock(Instant.FromUtc(2026, 12, 1, 0, 0)));
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string[] Lines(string text) => text.TrimEnd().Split(Environment.NewLine);

    public static TheoryData<string> CommandNames() => [.. Commands];

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void Help_EveryCommand_ShowsDescriptionOptionsAndAnExampleOnStdoutExitZero(string command)
    {
        foreach (string flag in new[] { "--help", "-h" })
        {
            var (code, output, err) = Run(command, flag);
            Assert.Equal(0, code);
            Assert.Equal("", err);
            Assert.Contains("Description:", output, StringComparison.Ordinal);
            Assert.Contains("Options:", output, StringComparison.Ordinal);
            Assert.Contains("--quiet", output, StringComparison.Ordinal);
            int examples = output.IndexOf("Examples:", StringComparison.Ordinal);
            Assert.True(examples > 0, output);
            Assert.Contains("  csperf " + command, output[examples..], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Help_Root_ListsEveryCommandAndExamples()
    {
        var (code, output, err) = Run("--help");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.All(Commands, c => Assert.Contains("  " + c, output, StringComparison.Ordinal));
        Assert.Contains("csperf report DIR --by week --format html --out report.html", output, StringComparison.Ordinal);
        Assert.Equal(output, Run("help").Out);
    }

    [Fact]
    public void Help_DataCommands_ListTheKnobFlags()
    {
        var output = Run("report", "--help").Out;
        Assert.Contains("--set <Knob=Value>", output, StringComparison.Ordinal);
        Assert.Contains("--session-gap", output, StringComparison.Ordinal);
        Assert.DoesNotContain("--session-gap", Run("demo", "--help").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_WithOtherwiseBadArguments_StillShowsHelp()
    {
        var (code, output, _) = Run("report", "--by", "fortnight", "--help");
        Assert.Equal(0, code);
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report DIR --fromat json", "csperf: unknown option --fromat; did you mean --format? (run csperf report --help)")]
    [InlineData("report DIR --sesion-gap 00:10:00", "csperf: unknown option --sesion-gap; did you mean --session-gap? (run csperf report --help)")]
    [InlineData("details DIR --lsit slow", "csperf: unknown option --lsit; did you mean --list? (run csperf details --help)")]
    [InlineData("--verison", "csperf: unknown option --verison; did you mean --version? (run csperf --help)")]
    [InlineData("reprot DIR", "csperf: unknown command \"reprot\"; did you mean report? (run csperf --help)")]
    [InlineData("explian DIR --order o1", "csperf: unknown command \"explian\"; did you mean explain? (run csperf --help)")]
    [InlineData("report DIR --what", "csperf: unknown option --what (run csperf report --help)")]
    [InlineData("frobnicate", "csperf: unknown command \"frobnicate\" (run csperf --help)")]
    public void Typo_UnknownOptionOrCommand_OneLineNamingTheNearest(string commandLine, string expected)
    {
        using var ds = TempDataset.Valid();
        var (code, output, err) = Run(Args(commandLine, ds.Dir));
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal([expected], Lines(err));
    }

    [Theory]
    [InlineData("")]
    [InlineData("report")]
    [InlineData("report DIR extra")]
    [InlineData("report DIR --by fortnight")]
    [InlineData("report DIR --from 2026-13-01")]
    [InlineData("report DIR --to 1900-01-01")]
    [InlineData("report DIR --format pdf")]
    [InlineData("report DIR --rule best")]
    [InlineData("report DIR --compare next")]
    [InlineData("report DIR --as-of")]
    [InlineData("report DIR --set NoEquals")]
    [InlineData("report DIR --from 2026-11-02 --to 2026-11-01")]
    [InlineData("explain DIR")]
    [InlineData("explain DIR --order")]
    [InlineData("explain DIR --order o1 --format csv")]
    [InlineData("generate")]
    [InlineData("generate --out X --days 0")]
    [InlineData("generate --out X --seed seven")]
    [InlineData("demo extra")]
    [InlineData("demo --by fortnight")]
    [InlineData("details DIR")]
    [InlineData("details DIR --list slow --format html")]
    [InlineData("alerts DIR")]
    [InlineData("alerts DIR --rules r.json --format csv")]
    [InlineData("payroll DIR --period 2026-11")]
    [InlineData("payroll DIR --plan p.json")]
    [InlineData("payroll --period 2026-11 --plan p.json")]
    [InlineData("validate DIR DIR")]
    public void UsageError_ExitsTwoWithOneLineAndNoHelpDump(string commandLine)
    {
        using var ds = TempDataset.Valid();
        var (code, output, err) = Run(Args(commandLine, ds.Dir));
        Assert.Equal(2, code);
        Assert.Equal("", output);
        var line = Assert.Single(Lines(err));
        Assert.StartsWith("csperf: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report DIR --by fortnight", "csperf: --by: expected day, week, month or all, was \"fortnight\"")]
    [InlineData("report DIR --from 2026-13-01", "csperf: --from: \"2026-13-01\" is not a local date (yyyy-MM-dd)")]
    [InlineData("report", "csperf: missing the dataset folder DIR (run csperf report --help)")]
    [InlineData("report DIR extra", "csperf: unexpected argument \"extra\" (run csperf report --help)")]
    [InlineData("explain DIR --order", "csperf: --order needs a value (run csperf explain --help)")]
    [InlineData("", "csperf: missing a command: demo, generate, validate, report, explain, payroll, details, alerts (run csperf --help)")]
    public void UsageError_Wording(string commandLine, string expected)
    {
        using var ds = TempDataset.Valid();
        Assert.Equal([expected], Lines(Run(Args(commandLine, ds.Dir)).Err));
    }

    [Fact] // knob flags and --set apply in command-line order (docs/cli.md): the last one of a knob wins
    public void Knobs_FlagsAndSet_AppliedInCommandLineOrder()
    {
        using var ds = TempDataset.Valid();
        string AsOf(params string[] knobs)
        {
            var (code, output, err) = Run([.. new[] { "report", ds.Dir, "--format", "json", "--as-of", "2026-11-30" }, .. knobs]);
            Assert.True(code == 0, err);
            return JsonDocument.Parse(output).RootElement.GetProperty("asOf").GetString()!;
        }

        Assert.Equal("2026-11-30T00:00:00Z", AsOf("--set", "TimeZone=Asia/Tokyo", "--time-zone", "UTC"));
        Assert.Equal("2026-11-29T15:00:00Z", AsOf("--time-zone", "UTC", "--set", "TimeZone=Asia/Tokyo"));
        Assert.Equal("2026-11-29T15:00:00Z", AsOf("--time-zone=UTC", "--set=TimeZone=Asia/Tokyo"));
    }

    [Fact]
    public void Options_GivenTwice_LastValueWins()
    {
        using var ds = TempDataset.Valid();
        var (code, output, err) = Run("report", ds.Dir, "--format", "json", "--as-of", "2026-11-01T00:00:00Z", "--as-of", "2026-11-30T00:00:00Z");
        Assert.True(code == 0, err);
        Assert.Equal("2026-11-30T00:00:00Z", JsonDocument.Parse(output).RootElement.GetProperty("asOf").GetString());
    }

    [Fact] // a bool knob flag alone means true and does not take the folder after it as its value
    public void Knobs_BoolFlagAlone_IsTrueAndLeavesTheFolder()
    {
        using var ds = TempDataset.Valid();
        Assert.Equal(0, Run("report", "--single-line-filter", ds.Dir, "--format", "json").Code);
        Assert.Equal(0, Run("report", ds.Dir, "--single-line-filter", "false", "--lenient").Code);
        Assert.Equal(0, Run("--quiet", "validate", ds.Dir).Code);
    }

    [Fact] // the knob flags cover exactly the config loader's knobs (read off CsPerfConfig the same way)
    public void KnobFlags_AreTheConfigLoadersKnobs()
    {
        Assert.Equal(CsPerf.IO.ConfigLoader.KnobNames, new CliOptions().KnobFlags.Select(k => k.Knob));
        Assert.Contains(new CliOptions().KnobFlags, k => k.Knob == "SessionGap" && k.Option.Name == "--session-gap" && !k.IsBool);
        Assert.Contains(new CliOptions().KnobFlags, k => k.Knob == "SingleLineFilter" && k.Option.Name == "--single-line-filter" && k.IsBool);
    }

    [Theory]
    [InlineData("fromat", "format", 1)]
    [InlineData("sesion-gap", "session-gap", 1)]
    [InlineData("report", "report", 0)]
    [InlineData("", "abc", 3)]
    public void Distance_IsTheEditDistanceWithSwaps(string a, string b, int expected)
    {
        Assert.Equal(expected, CommandLine.Distance(a, b));
    }

    private static string[] Args(string commandLine, string dir) =>
        commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a == "DIR" ? dir : a).ToArray();
}
