using System.CommandLine;
using System.CommandLine.Parsing;
using System.Reflection;
using CsPerf.Engine;
using NodaTime;
using NodaTime.Text;

namespace CsPerf.Cli;

/// <summary>A mistake on the command line: reported in one line, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// The options several commands share, each declared once here (System.CommandLine symbols, made anew for each
/// command tree since a symbol records its parents, and made on first use so that start-up builds only what the command
/// being run needs). Bad values are refused while parsing, in one line.
/// </summary>
internal sealed class CliOptions
{
    /// <summary>The dataset folder, required.</summary>
    public Argument<string> Dir => field ??= new("DIR") { Description = "the dataset folder (docs/io.md)" };

    /// <summary><c>--config F</c>.</summary>
    public Option<string?> Config => field ??= new("--config")
    {
        HelpName = "F",
        Description = "a config file (JSON of knobs); overrides DIR/config.json, knob flags override it",
    };

    /// <summary><c>--lenient</c>.</summary>
    public Option<bool> Lenient => field ??= new("--lenient") { Description = "skip bad lines (counted and listed) instead of stopping" };

    /// <summary><c>--as-of T</c>, checked against the config's time zone by the command.</summary>
    public Option<string?> AsOf => field ??= new("--as-of")
    {
        HelpName = "T",
        Description = "the instant the data is seen from: RFC 3339 or a local date (its start); default now",
    };

    /// <summary><c>--from D</c>.</summary>
    public Option<LocalDate?> From => field ??= DateOption("--from", "first local date (yyyy-MM-dd); default the first date with data");

    /// <summary><c>--to D</c>.</summary>
    public Option<LocalDate?> To => field ??= DateOption("--to", "last local date, inclusive (yyyy-MM-dd); default the last date with data");

    /// <summary><c>--by day|week|month|all</c>.</summary>
    public Option<PeriodGrouping?> By => field ??= new("--by")
    {
        HelpName = "day|week|month|all",
        Description = "one period per day, week, month, or one for the whole range (default all)",
        CustomParser = r => Parsed<PeriodGrouping?>(r, v => CliApp.Grouping(v)),
    };

    /// <summary><c>--out F</c>: the output file.</summary>
    public Option<string?> Out => field ??= new("--out") { HelpName = "F", Description = "write to file F instead of stdout" };

    /// <summary><c>--set Knob=Value</c>, repeatable.</summary>
    public Option<string[]> Set => field ??= new("--set")
    {
        HelpName = "Knob=Value",
        Description = "override any config knob (repeatable; applied in command-line order with the knob flags)",
        CustomParser = r =>
        {
            string[] values = [.. r.Tokens.Select(t => t.Value)];
            if (values.FirstOrDefault(v => v.IndexOf('=', StringComparison.Ordinal) <= 0) is { } bad)
            {
                r.AddError($"--set needs Knob=Value, was \"{bad}\"");
            }

            return values;
        },
    };

    /// <summary><c>--quiet</c>, on the root and (recursive) every command.</summary>
    public static Option<bool> QuietOption() => new("--quiet")
    {
        Recursive = true,
        Description = "no progress on stderr (progress is drawn only when stderr is a terminal)",
    };

    /// <summary>One flag per knob, in kebab case (<c>--session-gap</c> for <c>SessionGap</c>); a bool knob alone means true.</summary>
    /// <remarks>
    /// The knobs are read off <see cref="CsPerfConfig"/> as <c>ConfigLoader.KnobNames</c> does (every settable public
    /// property; a test keeps the two equal) without starting the config loader, whose set-up costs about 18 ms of
    /// start-up that <c>--help</c> and usage errors need not pay (docs/performance.md).
    /// </remarks>
    public IReadOnlyList<KnobFlag> KnobFlags => field ??= [.. typeof(CsPerfConfig).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.SetMethod is not null).OrderBy(p => p.Name, StringComparer.Ordinal).Select(KnobFlag.For)];

    /// <summary><c>--format</c> with the values one command writes (the first is the default).</summary>
    public static Option<string> Format(params string[] values)
    {
        string expected = values.Length == 2 ? $"{values[0]} or {values[1]}" : string.Join(", ", values[..^1]) + " or " + values[^1];
        return new Option<string>("--format")
        {
            HelpName = string.Join('|', values),
            Description = "output format",
            DefaultValueFactory = _ => values[0],
            CustomParser = r => Parsed(r, v => values.Contains(v) ? v : throw new UsageException($"--format: expected {expected}, was \"{v}\"")),
        };
    }

    /// <summary><c>--rule</c>: order, payment, order-first, and all where the command can show every rule.</summary>
    public static Option<string?> Rule(bool withAll) => new("--rule")
    {
        HelpName = withAll ? "order|payment|order-first|all" : "order|payment|order-first",
        Description = withAll
            ? "the attribution rule of the unsuffixed KPIs (default the config's AttributionRule); all adds every rule's suffixed keys"
            : "the attribution rule (default the config's AttributionRule)",
        CustomParser = r => Parsed(r, v => v is "order" or "payment" or "order-first" || (withAll && v == "all") ? v
            : throw new UsageException(withAll ? $"--rule: expected order, payment, order-first or all, was \"{v}\"" : $"--rule: expected order, payment or order-first, was \"{v}\"")),
    };

    /// <summary>The command's knob overrides (knob flags and <c>--set</c>), in command-line order.</summary>
    public List<KeyValuePair<string, string?>> Knobs(ParseResult parse)
    {
        var knobs = new List<KeyValuePair<string, string?>>();
        if (!TakesKnobs(parse.CommandResult.Command))
        {
            // No knob option was made (AddKnobs): the command line names none.
            return knobs;
        }

        var tokens = parse.Tokens;
        for (int i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Type != TokenType.Option)
            {
                continue;
            }

            string? next = i + 1 < tokens.Count && tokens[i + 1].Type == TokenType.Argument ? tokens[i + 1].Value : null;
            if (tokens[i].Value == Set.Name && next is not null)
            {
                int at = next.IndexOf('=', StringComparison.Ordinal);
                knobs.Add(new(next[..at], next[(at + 1)..]));
            }
            else if (KnobFlags.FirstOrDefault(k => k.Option.Name == tokens[i].Value) is { } flag)
            {
                // A bool knob alone means true; a following true/false is its value (the parser reads it the same way).
                knobs.Add(new(flag.Knob, flag.IsBool && !bool.TryParse(next, out _) ? "true" : next));
            }
        }

        return knobs;
    }

    /// <summary>Whether a command takes the knob options.</summary>
    public bool TakesKnobs(Command command) => command.Options.Any(option => option.Name == "--set");

    /// <summary>
    /// Adds the knob options (<c>--set</c> and every knob flag) to a command, when the command line may name one: some
    /// argument starting with <c>-</c> is not one of the command's other options (a knob flag, <c>--set</c>, help, a typo
    /// the error line matches against every option), or help is asked for as <c>/h</c> or <c>/?</c>. Made for nothing, the ≈ 40 knob flags took ≈ 15 ms
    /// of a report's start-up (docs/performance.md, "Stop 20: fixed costs and the other files").
    /// </summary>
    /// <param name="command">The command, its other options already added.</param>
    /// <param name="args">The command line.</param>
    public void AddKnobs(Command command, IReadOnlyList<string> args)
    {
        if (!args.Any(arg => (arg.StartsWith('-') && !IsOptionOf(command, arg.Split('=', 2)[0])) || arg is "/h" or "/?"))
        {
            return;
        }

        command.Options.Add(Set);
        foreach (var k in KnobFlags)
        {
            command.Options.Add(k.Option);
        }
    }

    /// <summary>Whether <paramref name="name"/> is an option of the command or <c>--quiet</c> (valid on every command).</summary>
    private static bool IsOptionOf(Command command, string name) =>
        name == "--quiet" || command.Options.Any(option => option.Name == name || option.Aliases.Contains(name));

    private static Option<LocalDate?> DateOption(string name, string description) => new(name)
    {
        HelpName = "D",
        Description = description,
        CustomParser = r => Parsed<LocalDate?>(r, v => CliApp.Date(v, name)),
    };

    /// <summary>Converts an option's one value, turning a <see cref="UsageException"/> into the parse error.</summary>
    private static T? Parsed<T>(ArgumentResult result, Func<string, T> parse)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        try
        {
            return parse(text);
        }
        catch (UsageException ex)
        {
            result.AddError(ex.Message);
            return default;
        }
    }
}

/// <summary>A knob flag: the kebab-case option of one config knob.</summary>
/// <param name="Option">The option (hidden in the option list; the help lists the knob flags in a line).</param>
/// <param name="Knob">The knob, as in <see cref="CsPerfConfig"/>.</param>
/// <param name="IsBool">Whether the knob is a bool (the flag alone means true).</param>
internal sealed record KnobFlag(Option Option, string Knob, bool IsBool)
{
    /// <summary>The flag of a knob: <c>SessionGap</c> → <c>--session-gap</c>.</summary>
    public static KnobFlag For(PropertyInfo property)
    {
        string knob = property.Name;
        string name = "--" + string.Concat(knob.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
        bool isBool = property.PropertyType == typeof(bool);
        Option option = isBool
            ? new Option<bool>(name) { Hidden = true, Description = $"knob {knob}" }
            : new Option<string>(name) { Hidden = true, Description = $"knob {knob}" };
        return new KnobFlag(option, knob, isBool);
    }
}
