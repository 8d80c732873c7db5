using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using NodaTime;

namespace CsPerf.Cli;

/// <summary>What a command's action needs: the parse, the shared options, the writers and the clock.</summary>
/// <param name="Parse">The parse result.</param>
/// <param name="Options">The shared options of this command tree.</param>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
/// <param name="Clock">The clock giving the default <c>--as-of</c>.</param>
internal sealed record CommandContext(ParseResult Parse, CliOptions Options, TextWriter Out, TextWriter Error, IClock Clock)
{
    /// <summary>An option's value (null or its default when absent).</summary>
    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    /// <summary>Whether a flag was given (and not given as false).</summary>
    public bool Has(Option<bool> flag) => Parse.GetValue(flag);

    /// <summary>The dataset folder.</summary>
    public string Dir => Parse.GetValue(Options.Dir)!;

    /// <summary>The knob overrides, in command-line order.</summary>
    public List<KeyValuePair<string, string?>> Knobs => Options.Knobs(Parse);
}

/// <summary>
/// The <c>csperf</c> command tree on System.CommandLine (docs/cli.md): every command with its options, descriptions
/// and examples; usage errors in one line with the nearest valid name, exit 2.
/// </summary>
internal static class CommandLine
{
    /// <summary>Parses and runs a command line; usage errors are one line on stderr and exit 2.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, IClock clock)
    {
        if (args is ["help", .. var rest])
        {
            args = [.. rest, "--help"];
        }

        var examples = new Dictionary<Command, string[]>();
        var root = Build(args, stdout, stderr, clock, examples);
        if (args.Length == 0)
        {
            stderr.WriteLine($"csperf: missing a command: {string.Join(", ", root.Subcommands.Select(c => c.Name))} (run csperf --help)");
            return 2;
        }

        // No response files (@file): a dataset folder may start with @, and the hand parser read none either.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });

        if (parse.Action is ParseErrorAction)
        {
            stderr.WriteLine("csperf: " + ErrorLine(parse));
            return 2;
        }

        return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
    }

    /// <summary>The first parse error in one line: an unknown name with the nearest valid one, else the parser's message.</summary>
    internal static string ErrorLine(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        string path = CommandPath(command);
        string hint = $" (run {path} --help)";
        if (parse.UnmatchedTokens.Count > 0)
        {
            string token = parse.UnmatchedTokens[0];
            if (token.StartsWith('-'))
            {
                string name = token.Split('=', 2)[0];
                return $"unknown option {name}{Nearest(name, OptionNames(command))}{hint}";
            }

            if (IsRoot(command))
            {
                return $"unknown command \"{token}\"{Nearest(token, command.Subcommands.Select(c => c.Name))}{hint}";
            }

            return $"unexpected argument \"{token}\"{hint}";
        }

        var error = parse.Errors[0];
        if (error.SymbolResult is OptionResult { Tokens.Count: 0, Implicit: false } or ArgumentResult { Tokens.Count: 0, Parent: OptionResult })
        {
            var option = error.SymbolResult as OptionResult ?? (OptionResult)error.SymbolResult.Parent!;
            return $"{option.Option.Name} needs a value{hint}";
        }

        if (error.SymbolResult is ArgumentResult { Argument.Name: "DIR" } or CommandResult && command.Arguments.Any(a => a.Name == "DIR")
            && parse.GetResult(command.Arguments.First(a => a.Name == "DIR")) is not { Tokens.Count: > 0 })
        {
            return "missing the dataset folder DIR" + hint;
        }

        string message = error.Message.Split('\n')[0].TrimEnd().TrimEnd('.');
        return message.StartsWith("--", StringComparison.Ordinal) ? message : message + hint;
    }

    /// <summary>"; did you mean X?" for the candidate nearest by edit distance, when it is near enough to be a typo.</summary>
    internal static string Nearest(string typed, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string c in candidates)
        {
            int d = Distance(typed.TrimStart('-'), c.TrimStart('-'));
            if (d < bestDistance)
            {
                (best, bestDistance) = (c, d);
            }
        }

        // About one slip per three letters (at least one): --fromat → --format, --sesion-gap → --session-gap.
        return best is not null && bestDistance <= Math.Max(1, typed.TrimStart('-').Length / 3) ? $"; did you mean {best}?" : "";
    }

    /// <summary>The Damerau (optimal string alignment) edit distance: a swap of two letters counts one.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    private static IEnumerable<string> OptionNames(Command command)
    {
        var options = command.Options.AsEnumerable();
        foreach (var parent in Ancestors(command))
        {
            options = options.Concat(parent.Options.Where(o => o.Recursive));
        }

        // The help option is made only when asked for (Build), yet valid everywhere.
        return options.SelectMany(o => o.Aliases.Prepend(o.Name)).Append("--help").Distinct().Where(n => n.StartsWith("--", StringComparison.Ordinal));
    }

    private static IEnumerable<Command> Ancestors(Command command)
    {
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            yield return parent;
        }
    }

    private static bool IsRoot(Command command) => !command.Parents.Any();

    private static string CommandPath(Command command) => IsRoot(command) ? "csperf" : "csperf " + command.Name;

    private static bool IsHelp(string arg) => arg is "--help" or "-h" or "-?" or "/h" or "/?";

    private static Command Build(string[] args, TextWriter stdout, TextWriter stderr, IClock clock, Dictionary<Command, string[]> examples)
    {
        // The command is the first argument naming one (only --quiet, --help and --version may stand before it).
        string? selected = args.FirstOrDefault(a => a is "demo" or "generate" or "validate" or "report" or "explain" or "payroll" or "details" or "alerts");
        var o = new CliOptions();
        // A plain command as the root: a RootCommand always makes the help option, whose localized description costs
        // about 12 ms of start-up (docs/performance.md); the help option is added below only when asked for.
        var root = new Command("csperf", "csperf — customer-service KPIs (Taobao/Chitu style) from chat logs and orders");
        root.Options.Add(CliOptions.QuietOption());
        root.Options.Add(new Option<bool>("--version")
        {
            Description = "Show version information",
            Action = new WriteAction(w => w.WriteLine("csperf " + CliApp.Version)),
        });
        examples[root] =
        [
            "csperf demo",
            "csperf generate --out data/ --days 30",
            "csperf validate DIR",
            "csperf report DIR --by week --format html --out report.html",
            "csperf payroll DIR --plan plan.json --period 2026-11",
            "csperf report --help      (every command has --help with its options and examples)",
        ];

        // Only the command being run gets its options and action (building every command's options costs start-up time:
        // docs/performance.md); the others are listed by name and description for the root help and the typo hints.
        Command? Add(string name, string description, Func<CommandContext, int> action, params string[] example)
        {
            var command = new Command(name, description);
            root.Subcommands.Add(command);
            examples[command] = example;
            if (name != selected)
            {
                return null;
            }

            command.SetAction(parse => action(new CommandContext(parse, o, stdout, stderr, clock)));
            return command;
        }

        var demo = Add("demo", "Builds a realistic demo shop in memory and prints its report (and, as a table, the month's payroll).",
            CliApp.Demo, "csperf demo", "csperf demo --format json --by day");
        if (demo is not null)
        {
            demo.Options.Add(CliOptions.Format("table", "json", "csv", "html"));
            demo.Options.Add(o.By);
            demo.Options.Add(o.Out);
        }

        var generate = Add("generate", "Writes a synthetic dataset folder (messages, orders, refunds, reviews, ratings, complaints, roster).",
            CliApp.Generate, "csperf generate --out data/", "csperf generate --out big/ --shops 3 --agents 40 --customers 100000 --days 30 --seed 7");
        if (generate is not null)
        {
            generate.Options.Add(new Option<string?>("--out") { HelpName = "DIR", Description = "the folder to write (required)" });
            foreach (var (name, what) in new[] { ("--shops", "shops"), ("--agents", "agents per shop"), ("--customers", "customers per shop"), ("--days", "days"), ("--seed", "random seed") })
            {
                generate.Options.Add(PositiveInt(name, what));
            }
        }

        var validate = Add("validate", "Checks a dataset folder and lists every problem (file:line: field: problem); exit 0 clean, 2 with problems.",
            CliApp.Validate, "csperf validate data/", "csperf validate data/ --time-zone Asia/Tokyo");
        if (validate is not null)
        {
            validate.Arguments.Add(o.Dir);
            validate.Options.Add(o.Config);
            validate.Options.Add(o.Lenient);
            o.AddKnobs(validate, args);
        }

        var report = Add("report", "The KPI report: totals, shops, agents and accounts per period.",
            CliApp.Report,
            "csperf report data/ --by week --format html --out report.html",
            "csperf report data/ --from 2026-11-01 --to 2026-11-30 --rank salesAttributed --compare previous",
            "csperf report data/ --format csv --bom --out report.csv --session-gap 00:10:00");
        if (report is not null)
        {
            report.Arguments.Add(o.Dir);
            report.Options.Add(o.Config);
            report.Options.Add(o.From);
            report.Options.Add(o.To);
            report.Options.Add(o.By);
            report.Options.Add(CliOptions.Rule(withAll: true));
            report.Options.Add(o.AsOf);
            report.Options.Add(new Option<string?>("--rank") { HelpName = "KPI[:asc|desc]", Description = "order the agents by one KPI (docs/kpis.md lists the keys)" });
            report.Options.Add(new Option<string?>("--compare")
            {
                HelpName = "previous",
                Description = "each KPI with its change against the previous period of the same length",
                CustomParser = r => r.Tokens[^1].Value is "previous" ? "previous" : Error<string>(r, $"--compare: expected previous, was \"{r.Tokens[^1].Value}\""),
            });
            report.Options.Add(CliOptions.Format("table", "json", "csv", "html"));
            report.Options.Add(new Option<bool>("--details") { Description = "with --format html: link each number to its rows" });
            report.Options.Add(new Option<bool>("--bom") { Description = "with --format csv: start with a byte order mark (for Excel)" });
            report.Options.Add(o.Out);
            report.Options.Add(o.Lenient);
            report.Options.Add(new Option<int?>("--chunks")
            {
                HelpName = "N",
                Description = "read the folder in N customer parts one after the other (bounded memory, the same report; 1 = all at once); default: parts of 2 GB of messages.jsonl when it is larger (docs/partials.md \"Streaming\")",
                CustomParser = r => int.TryParse(r.Tokens[^1].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v) && v is > 0 and <= 4096
                    ? v
                    : Error<int?>(r, $"--chunks: expected a whole number from 1 to 4096, was \"{r.Tokens[^1].Value}\""),
            });
            o.AddKnobs(report, args);
        }

        var explain = Add("explain", "Why an order was credited to whom under each rule, with the messages that decided it.",
            CliApp.Explain, "csperf explain data/ --order o1", "csperf explain data/ --order o1 --format json --as-of 2026-11-30");
        if (explain is not null)
        {
            explain.Arguments.Add(o.Dir);
            explain.Options.Add(new Option<string?>("--order") { HelpName = "ID", Description = "the order id (required)" });
            explain.Options.Add(CliOptions.Format("table", "json"));
            explain.Options.Add(o.AsOf);
            explain.Options.Add(o.Config);
            explain.Options.Add(o.Lenient);
            o.AddKnobs(explain, args);
        }

        var payroll = Add("payroll", "Payslips for every agent under one or more plans (what-if across plans; docs/payroll.md).",
            PayrollCommand.Run,
            "csperf payroll data/ --plan plan.json --period 2026-11",
            "csperf payroll --report report.json --plan a.json --plan b.json --period 2026-11 --format html --out pay.html");
        if (payroll is not null)
        {
            payroll.Arguments.Add(new Argument<string?>("DIR") { Arity = ArgumentArity.ZeroOrOne, Description = "the dataset folder (or --report R.json)" });
            payroll.Options.Add(new Option<string?>("--report") { HelpName = "R.json", Description = "a saved JSON report instead of a dataset folder" });
            payroll.Options.Add(new Option<string[]>("--plan") { HelpName = "F", Description = "a plan file (required; repeat for a what-if across plans)" });
            payroll.Options.Add(new Option<string?>("--period") { HelpName = "yyyy-MM", Description = "the month to pay (required)" });
            payroll.Options.Add(o.AsOf);
            payroll.Options.Add(new Option<bool>("--provisional") { Description = "pay a month that is not final yet, marked provisional" });
            payroll.Options.Add(o.Lenient);
            payroll.Options.Add(CliOptions.Format("table", "json", "csv", "html"));
            payroll.Options.Add(o.Out);
            payroll.Options.Add(new Option<string?>("--scores") { HelpName = "F", Description = "quality scores file (default DIR's scores file)" });
            payroll.Options.Add(new Option<string?>("--attendance") { HelpName = "F", Description = "attendance file (default DIR's attendance file)" });
            payroll.Options.Add(new Option<string?>("--history") { HelpName = "F", Description = "rank history file (default DIR/history.json)" });
            payroll.Options.Add(new Option<bool>("--save-history") { Description = "save a final month's ranks in the history file" });
            payroll.Options.Add(o.Config);
            o.AddKnobs(payroll, args);
        }

        var details = Add("details", "The rows behind a KPI, with the message ids that decided each (docs/details.md).",
            DetailsCommand.Run,
            "csperf details data/ --list slow --agent s1:xiaowang",
            "csperf details data/ --list lost --from 2026-11-01 --to 2026-11-07 --format csv --out lost.csv");
        if (details is not null)
        {
            details.Arguments.Add(o.Dir);
            details.Options.Add(new Option<string?>("--list")
            {
                HelpName = "NAME",
                Description = "the list (required): " + string.Join(", ", DetailLists.All.Select(DetailLists.Name)),
            });
            details.Options.Add(new Option<string?>("--agent") { HelpName = "A", Description = "only this agent's rows" });
            details.Options.Add(o.From);
            details.Options.Add(o.To);
            details.Options.Add(o.AsOf);
            details.Options.Add(CliOptions.Rule(withAll: false));
            details.Options.Add(o.Config);
            details.Options.Add(CliOptions.Format("table", "json", "csv"));
            details.Options.Add(o.Out);
            details.Options.Add(o.Lenient);
            o.AddKnobs(details, args);
        }

        var alerts = Add("alerts", "Evaluates alert rules on the report; exit 3 when a rule is breached (docs/alerts.md).",
            AlertsCommand.Run, "csperf alerts data/ --rules alerts.json", "csperf alerts data/ --rules alerts.json --from 2026-11-01 --format json");
        if (alerts is not null)
        {
            alerts.Arguments.Add(o.Dir);
            alerts.Options.Add(new Option<string?>("--rules") { HelpName = "F", Description = "the alert rules file (required)" });
            alerts.Options.Add(o.AsOf);
            alerts.Options.Add(o.From);
            alerts.Options.Add(o.To);
            alerts.Options.Add(o.Config);
            alerts.Options.Add(CliOptions.Format("table", "json"));
            alerts.Options.Add(o.Lenient);
            o.AddKnobs(alerts, args);
        }

        LastValueWins(root);
        if (args.Any(IsHelp))
        {
            var help = new HelpOption();
            help.Action = new HelpWithExamples((HelpAction)help.Action!, o, examples);
            root.Options.Add(help);
        }

        return root;
    }

    /// <summary>
    /// An option given twice keeps its last value, as scripts that append an override expect (<c>--as-of A … --as-of
    /// B</c> is B); each occurrence still takes one value. Lists (<c>--plan</c>, <c>--set</c>) keep every value.
    /// </summary>
    private static void LastValueWins(Command root)
    {
        foreach (var option in root.Subcommands.SelectMany(c => c.Options).Distinct())
        {
            if (option.Arity.MaximumNumberOfValues != 1 || option.ValueType == typeof(bool))
            {
                continue;
            }

            option.Arity = ArgumentArity.OneOrMore;
            if (option is Option<string> text)
            {
                text.CustomParser ??= r => r.Tokens[^1].Value;
            }
        }
    }

    private static Option<int?> PositiveInt(string name, string what) => new(name)
    {
        HelpName = "N",
        Description = $"number of {what} (default as in docs/synthetic.md)",
        CustomParser = r => int.TryParse(r.Tokens[^1].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v) && v > 0
            ? v
            : Error<int?>(r, $"{name}: expected a positive whole number, was \"{r.Tokens[^1].Value}\""),
    };

    private static T? Error<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default;
    }

    /// <summary>The default help, then the knob flags a command takes, its examples and (at the root) the common notes.</summary>
    private sealed class HelpWithExamples(HelpAction standard, CliOptions o, Dictionary<Command, string[]> examples) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            standard.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            var command = parseResult.CommandResult.Command;
            if (o.TakesKnobs(command))
            {
                output.WriteLine("Knob flags (override the config, applied in command-line order; a bool knob alone means true):");
                var line = new System.Text.StringBuilder(" ");
                foreach (var k in o.KnobFlags)
                {
                    if (line.Length + k.Option.Name.Length > 100)
                    {
                        output.WriteLine(line.ToString().TrimEnd());
                        line.Clear().Append(' ');
                    }

                    line.Append(' ').Append(k.Option.Name).Append(k == o.KnobFlags[^1] ? "" : ",");
                }

                output.WriteLine(line.ToString().TrimEnd());
                output.WriteLine();
            }

            if (examples.TryGetValue(command, out var lines) && lines.Length > 0)
            {
                output.WriteLine("Examples:");
                foreach (string line in lines)
                {
                    output.WriteLine("  " + line);
                }

                output.WriteLine();
            }

            if (IsRoot(command))
            {
                output.WriteLine("""
                    Notes:
                      Config sources merge knob by knob: defaults < Preset < DIR/config.json < --config F < knob flags.
                      D is a local date (yyyy-MM-dd); T is an RFC 3339 instant or a local date (its start).
                      Exit codes: 0 ok, 2 bad input or arguments, 1 unexpected failure (CSPERF_DEBUG=1 prints the stack),
                      3 alerts breached.
                    """);
            }

            return 0;
        }
    }

    /// <summary>An action writing a line to the invocation's output (the version).</summary>
    private sealed class WriteAction(Action<TextWriter> write) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            write(parseResult.InvocationConfiguration.Output);
            return 0;
        }
    }
}
