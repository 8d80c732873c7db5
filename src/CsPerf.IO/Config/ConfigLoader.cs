using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace CsPerf.IO;

/// <summary>One knob set by a config source, its value already converted to the knob's type.</summary>
/// <param name="Knob">The <see cref="CsPerfConfig"/> property name.</param>
/// <param name="Value">The converted value.</param>
public sealed record KnobSetting(string Knob, object? Value);

/// <summary>The knobs one source sets (a config file, the command line, an <c>appsettings</c> section) and its problems.</summary>
/// <param name="Name">How errors name the source (e.g. <c>config.json</c>).</param>
/// <param name="Settings">The knobs it sets, in order.</param>
/// <param name="Problems">Its problems (source = <paramref name="Name"/>, field = the knob).</param>
public sealed record ConfigSource(string Name, IReadOnlyList<KnobSetting> Settings, IReadOnlyList<Problem> Problems)
{
    /// <summary>Its problems, formatted <c>name:0: Knob: problem</c>.</summary>
    public IReadOnlyList<string> Errors => Problems.Select(p => p.ToString()).ToList();
}

/// <summary>The merged config and every problem met.</summary>
/// <param name="Config">The merged config (best effort when there are errors).</param>
/// <param name="Problems">Every problem: of the sources, then of <see cref="CsPerfConfig.Validate(string)"/> told against
/// the source that set the knob.</param>
public sealed record ConfigLoadResult(CsPerfConfig Config, IReadOnlyList<Problem> Problems)
{
    /// <summary>Every problem, formatted <c>source:line: Knob: problem</c>.</summary>
    public IReadOnlyList<string> Errors => Problems.Select(p => p.ToString()).ToList();

    /// <summary>Whether the config is usable.</summary>
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// Reads config sources (contract "Config file") and merges them knob by knob, later sources winning:
/// defaults &lt; <c>Preset</c> &lt; the dataset's <c>config.json</c> &lt; <c>--config F</c> &lt; command-line flags.
/// </summary>
/// <remarks>Stateless and thread safe.</remarks>
public static class ConfigLoader
{
    private static readonly ImmutableDictionary<string, PropertyInfo> Knobs = typeof(CsPerfConfig)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.SetMethod is not null)
        .ToImmutableDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>Every knob name, as in <see cref="CsPerfConfig"/>.</summary>
    public static IReadOnlyCollection<string> KnobNames { get; } = Knobs.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Reads a config file (a JSON object of knob names).</summary>
    /// <param name="path">The file.</param>
    /// <param name="name">How errors name it; default the file name.</param>
    public static ConfigSource FromFile(string path, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        name ??= Path.GetFileName(path);
        if (Directory.Exists(path))
        {
            return new ConfigSource(name, [], [new Problem(name, null, null, InputFiles.NotAFile)]);
        }

        if (!File.Exists(path))
        {
            return new ConfigSource(name, [], [new Problem(name, null, null, "file not found")]);
        }

        return FromUtf8(File.ReadAllBytes(path), name);
    }

    /// <summary>Reads config JSON bytes: UTF-8 (a leading BOM skipped) with valid escapes, else the problem with its line.</summary>
    private static ConfigSource FromUtf8(ReadOnlyMemory<byte> utf8, string name)
    {
        var bytes = Ingest.JsonText.SkipBom(utf8);
        if (Ingest.JsonText.Check(bytes.Span, name) is { } bad)
        {
            return new ConfigSource(name, [], [bad]);
        }

        return Parse(bytes, name);
    }

    /// <summary>Reads config JSON text.</summary>
    /// <param name="json">A JSON object whose property names are knob names.</param>
    /// <param name="name">How errors name the source.</param>
    public static ConfigSource FromJson(string json, string name)
    {
        ArgumentNullException.ThrowIfNull(json);
        return FromUtf8(System.Text.Encoding.UTF8.GetBytes(json), name);
    }

    private static ConfigSource Parse(ReadOnlyMemory<byte> json, string name)
    {
        var settings = new List<KnobSetting>();
        var errors = new List<Problem>();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return new ConfigSource(name, [], [new Problem(name, (ex.LineNumber ?? -1) + 1, null, "not valid JSON")]);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new ConfigSource(name, [], [new Problem(name, null, null, "expected a JSON object of knobs, e.g. {\"SessionGap\":\"00:15:00\"}")]);
            }

            foreach (var p in doc.RootElement.EnumerateObject())
            {
                Add(name, p.Name, Raw.FromJson(p.Value), ignoreCase: false, settings, errors);
            }
        }

        return new ConfigSource(name, settings, errors);
    }

    /// <summary>Reads knob=value pairs (command-line flags, <c>--set</c>); values are text as on a command line.</summary>
    /// <param name="pairs">Knob names and their text values (an empty value sets a nullable knob to null).</param>
    /// <param name="name">How errors name the source.</param>
    /// <param name="ignoreCase">Whether knob names match case-insensitively.</param>
    public static ConfigSource FromPairs(IEnumerable<KeyValuePair<string, string?>> pairs, string name, bool ignoreCase = false)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var settings = new List<KnobSetting>();
        var errors = new List<Problem>();
        foreach (var (knob, value) in pairs)
        {
            Add(name, knob, Raw.FromText(value), ignoreCase, settings, errors);
        }

        return new ConfigSource(name, settings, errors);
    }

    /// <summary>
    /// Reads knobs as a configuration system holds them (an <c>IConfiguration</c> section): each knob as text or, for a
    /// list knob such as <c>FilteredCustomers</c>, as a list of texts; knob names match case-insensitively.
    /// </summary>
    /// <param name="items">The knobs.</param>
    /// <param name="name">How errors name the source (the section path, e.g. <c>App:Reports:CsPerf</c>).</param>
    public static ConfigSource FromItems(IEnumerable<ConfigItem> items, string name)
    {
        ArgumentNullException.ThrowIfNull(items);
        var settings = new List<KnobSetting>();
        var errors = new List<Problem>();
        foreach (var (knob, text, list) in items)
        {
            Add(name, knob, list is null ? Raw.FromText(text) : Raw.FromList(list), ignoreCase: true, settings, errors);
        }

        return new ConfigSource(name, settings, errors);
    }

    /// <summary>Merges sources over the defaults, knob by knob, later ones winning, with the preset below every file; then validates.</summary>
    /// <param name="sources">Sources, lowest precedence first.</param>
    public static ConfigLoadResult Merge(IEnumerable<ConfigSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var list = sources.ToList();
        var errors = list.SelectMany(s => s.Problems).ToList();
        string? preset = null;
        string? presetSource = null;
        foreach (var s in list)
        {
            foreach (var k in s.Settings.Where(k => k.Knob == nameof(CsPerfConfig.Preset)))
            {
                preset = (string?)k.Value;
                presetSource = s.Name;
            }
        }

        var config = CsPerfConfig.Default with { Preset = preset };
        if (config.Validate(presetSource ?? "config").FirstOrDefault(p => p.Field == nameof(CsPerfConfig.Preset)) is { } presetProblem)
        {
            config = config with { Preset = null };
            errors.Add(presetProblem);
        }
        else
        {
            config = config.ApplyPreset();
        }

        var lastSource = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in list)
        {
            foreach (var k in s.Settings.Where(k => k.Knob != nameof(CsPerfConfig.Preset)))
            {
                var copy = config with { };
                Knobs[k.Knob].SetValue(copy, k.Value);
                config = copy;
                lastSource[k.Knob] = s.Name;
            }
        }

        // Each problem names its knob; it is told against the source that set the knob last.
        foreach (var problem in config.Validate("config"))
        {
            if (problem.Field != nameof(CsPerfConfig.Preset))
            {
                errors.Add(lastSource.TryGetValue(problem.Field!, out var src) ? problem with { Source = src } : problem);
            }
        }

        return new ConfigLoadResult(config, errors);
    }

    /// <summary>Parses a duration: <c>[-][d.]hh:mm:ss[.fffffff]</c> or ISO 8601 (<c>PT15M</c>, <c>P3D</c>, <c>PT30S</c>; no years or months, which are not exact).</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The duration.</param>
    public static bool TryParseDuration(string? text, out Duration value) => TryParseDuration(text, out value, out _);

    /// <summary>Parses a duration; <paramref name="tooBig"/> tells a well-formed duration too big for any knob.</summary>
    private static bool TryParseDuration(string? text, out Duration value, out bool tooBig)
    {
        value = default;
        tooBig = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        try
        {
            if (TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var ts))
            {
                value = Duration.FromTimeSpan(ts);
                return true;
            }

            // NodaTime's JSON pattern (total hours, "72:00:00", "0:00:30.5"): what a CsPerfConfig serialised with
            // NodaTime.Serialization.SystemTextJson holds, so such a file is a config file (one format, not two).
            var hours = DurationPattern.JsonRoundtrip.Parse(text);
            if (hours.Success)
            {
                value = hours.Value;
                return true;
            }

            var period = PeriodPattern.NormalizingIso.Parse(text);
            if (period.Success && period.Value.Years == 0 && period.Value.Months == 0)
            {
                value = period.Value.ToDuration();
                return true;
            }
        }
        catch (ArithmeticException)
        {
            // A period too big to normalise: well formed, but beyond any knob's range.
            tooBig = true;
        }

        if (!tooBig && LongTimeSpanHolder.Regex.Match(text) is { Success: true } m
            && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) < 24 && int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) < 60
            && int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) < 60)
        {
            // d.hh:mm:ss whose day count overflows a TimeSpan.
            tooBig = true;
        }

        return false;
    }

    /// <summary>
    /// <c>d.hh:mm:ss</c> past a TimeSpan's range. Made on first use, not with the loader: building the regex (and loading
    /// its assembly) cost every run start-up time for a check only a malformed duration reaches.
    /// </summary>
    private static class LongTimeSpanHolder
    {
        public static readonly System.Text.RegularExpressions.Regex Regex = new(
            @"^-?[0-9]+\.([0-9]{1,2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,7})?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    }

    private static void Add(string source, string knob, Raw raw, bool ignoreCase, List<KnobSetting> settings, List<Problem> errors)
    {
        var prop = Knobs.TryGetValue(knob, out var p) ? p
            : ignoreCase ? Knobs.Values.FirstOrDefault(k => string.Equals(k.Name, knob, StringComparison.OrdinalIgnoreCase)) : null;
        if (prop is null)
        {
            var close = Knobs.Keys.FirstOrDefault(k => string.Equals(k, knob, StringComparison.OrdinalIgnoreCase));
            errors.Add(new Problem(source, null, knob, "unknown knob" + (close is null ? $"; knobs are {string.Join(", ", KnobNames)}" : $"; did you mean {close}?")));
            return;
        }

        if (Convert(prop.PropertyType, prop, raw, out var value, out var problem))
        {
            settings.Add(new KnobSetting(prop.Name, value));
        }
        else
        {
            errors.Add(new Problem(source, null, prop.Name, problem));
        }
    }

    private static bool IsNullable(PropertyInfo prop) =>
        new NullabilityInfoContext().Create(prop).WriteState == NullabilityState.Nullable;

    /// <summary>
    /// Converts a knob's value. Whether the knob takes null is read (<see cref="IsNullable"/>, reflection over the
    /// nullable attributes, a few milliseconds the first time) only for a null value.
    /// </summary>
    private static bool Convert(Type type, PropertyInfo prop, Raw raw, out object? value, out string problem)
    {
        value = null;
        problem = "";
        if (raw.IsNull)
        {
            if (IsNullable(prop))
            {
                return true;
            }

            problem = "must not be null";
            return false;
        }

        if (type == typeof(int))
        {
            if ((raw.Kind is JsonValueKind.Number or JsonValueKind.Undefined)
                && int.TryParse(raw.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i))
            {
                value = i;
                return true;
            }

            problem = $"expected a whole number, was {raw.Show()}";
            return false;
        }

        if (type == typeof(bool))
        {
            if ((raw.Kind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Undefined) && bool.TryParse(raw.Text, out bool b))
            {
                value = b;
                return true;
            }

            problem = $"expected true or false, was {raw.Show()}";
            return false;
        }

        if (type == typeof(Duration))
        {
            bool parsed = TryParseDuration(raw.Kind is JsonValueKind.String or JsonValueKind.Undefined ? raw.Text : null, out var d, out bool tooBig);
            if (parsed || tooBig)
            {
                if (tooBig || d > CsPerfConfig.MaxDuration || d < -CsPerfConfig.MaxDuration)
                {
                    problem = $"must be at most {CsPerfConfig.MaxDurationText}, was {raw.Show()}";
                    return false;
                }

                value = d;
                return true;
            }

            problem = $"expected a duration \"[d.]hh:mm:ss\" or ISO 8601 (\"PT15M\", \"P3D\"), was {raw.Show()}";
            return false;
        }

        if (type == typeof(string))
        {
            if (raw.Kind is JsonValueKind.String or JsonValueKind.Undefined && raw.Text is not null)
            {
                value = raw.Text;
                return true;
            }

            problem = $"expected a string, was {raw.Show()}";
            return false;
        }

        if (type.IsEnum)
        {
            var names = Enum.GetNames(type);
            var name = names.FirstOrDefault(n => string.Equals(n, raw.Text, StringComparison.OrdinalIgnoreCase));
            if ((raw.Kind is JsonValueKind.String or JsonValueKind.Undefined) && name is not null)
            {
                value = Enum.Parse(type, name);
                return true;
            }

            problem = $"expected one of {string.Join(", ", names)}, was {raw.Show()}";
            return false;
        }

        if (type == typeof(ImmutableArray<string>))
        {
            if (raw.Items is not null)
            {
                value = raw.Items.ToImmutableArray();
                return true;
            }

            if (raw.Kind == JsonValueKind.Undefined && raw.Text is not null)
            {
                value = raw.Text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToImmutableArray();
                return true;
            }

            problem = $"expected an array of strings, was {raw.Show()}";
            return false;
        }

        problem = $"knob type {type.Name} is not supported";
        return false;
    }

    /// <summary>A knob value before conversion: JSON (with its kind) or text (<see cref="JsonValueKind.Undefined"/>).</summary>
    private readonly record struct Raw(JsonValueKind Kind, string? Text, IReadOnlyList<string>? Items, bool IsNull, string Shown)
    {
        public static Raw FromText(string? text) =>
            new(JsonValueKind.Undefined, text, null, string.IsNullOrEmpty(text), text is null ? "nothing" : $"\"{text}\"");

        public static Raw FromList(IReadOnlyList<string> items) => new(JsonValueKind.Undefined, null, items, false, "a list");

        public static Raw FromJson(JsonElement e)
        {
            IReadOnlyList<string>? items = null;
            if (e.ValueKind == JsonValueKind.Array && e.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String))
            {
                items = e.EnumerateArray().Select(x => x.GetString()!).ToArray();
            }

            string? text = e.ValueKind switch
            {
                JsonValueKind.String => e.GetString(),
                JsonValueKind.Number => e.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
            return new(e.ValueKind, text, items, e.ValueKind == JsonValueKind.Null, e.GetRawText());
        }

        public string Show() => Shown;
    }
}
