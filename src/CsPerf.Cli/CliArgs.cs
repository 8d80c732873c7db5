namespace CsPerf.Cli;

/// <summary>A mistake on the command line: reported in one line, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>Parsed arguments of one command: positionals, options and knob overrides, in order.</summary>
internal sealed class CliArgs
{
    public List<string> Positionals { get; } = [];

    public Dictionary<string, string> Options { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Flags { get; } = new(StringComparer.Ordinal);

    /// <summary>Knob overrides from knob flags and <c>--set</c>, in command-line order.</summary>
    public List<KeyValuePair<string, string?>> Knobs { get; } = [];

    public string? Get(string name) => Options.TryGetValue(name, out var v) ? v : null;

    public bool Has(string flag) => Flags.Contains(flag);

    /// <summary>
    /// Parses <c>--name value</c>, <c>--name=value</c>, flags, <c>--set Knob=Value</c> and knob flags (<c>--session-gap
    /// 00:10:00</c> for knob <c>SessionGap</c>; a bool knob flag alone means true).
    /// </summary>
    public static CliArgs Parse(IReadOnlyList<string> args, ISet<string> valueOptions, ISet<string> flagOptions, bool knobs)
    {
        var result = new CliArgs();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                result.Positionals.Add(arg);
                continue;
            }

            string name = arg[2..];
            string? inline = null;
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }

            if (flagOptions.Contains(name))
            {
                if (inline is not null)
                {
                    throw new UsageException($"--{name} takes no value");
                }

                result.Flags.Add(name);
                continue;
            }

            if (valueOptions.Contains(name) || (knobs && name == "set"))
            {
                string value = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"--{name} needs a value"));
                if (name == "set")
                {
                    int at = value.IndexOf('=', StringComparison.Ordinal);
                    if (at <= 0)
                    {
                        throw new UsageException($"--set needs Knob=Value, was \"{value}\"");
                    }

                    result.Knobs.Add(new(value[..at], value[(at + 1)..]));
                }
                else
                {
                    result.Options[name] = value;
                }

                continue;
            }

            string? knob = knobs ? KnobOf(name) : null;
            if (knob is null)
            {
                throw new UsageException($"unknown option --{name}; see csperf --help");
            }

            bool isBool = typeof(CsPerfConfig).GetProperty(knob)!.PropertyType == typeof(bool);
            if (inline is null && isBool && (i + 1 >= args.Count || !bool.TryParse(args[i + 1], out _)))
            {
                inline = "true";
            }

            string knobValue = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"--{name} needs a value"));
            result.Knobs.Add(new(knob, knobValue));
        }

        return result;
    }

    /// <summary>The knob a kebab-case flag names (<c>session-gap</c> → <c>SessionGap</c>), or null.</summary>
    private static string? KnobOf(string flag)
    {
        string pascal = string.Concat(flag.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        return CsPerf.IO.ConfigLoader.KnobNames.FirstOrDefault(k => k == pascal);
    }
}
