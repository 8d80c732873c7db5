using System.Globalization;
using System.Text;
using System.Text.Json;
using NodaTime;

namespace CsPerf.IO.Ingest;

/// <summary>How a field appeared in its line.</summary>
internal enum FieldKind : byte
{
    /// <summary>Not in the line (or an empty CSV cell).</summary>
    Absent = 0,

    /// <summary>JSON <c>null</c>.</summary>
    Null,

    /// <summary>A JSON string or a CSV cell.</summary>
    String,

    /// <summary>A JSON number (text kept as written).</summary>
    Number,

    /// <summary>JSON <c>true</c>/<c>false</c>.</summary>
    Bool,

    /// <summary>A JSON object or array.</summary>
    Other,
}

/// <summary>One field of a line: its kind and text.</summary>
internal readonly record struct FieldValue(FieldKind Kind, string? Text);

/// <summary>
/// One input line as named fields, whatever the file format: JSON Lines and CSV lines are both validated through it,
/// so both formats give the same errors.
/// </summary>
internal sealed class InputRow
{
    private readonly Dictionary<string, FieldValue> _fields = new(StringComparer.Ordinal);
    private readonly List<(byte[] Utf8, string Name)> _names = []; // field names seen: one string per name, not per line

    public void Clear() => _fields.Clear();

    public void Set(string name, FieldValue value) => _fields[name] = value;

    public FieldValue Get(string name) => _fields.TryGetValue(name, out var v) ? v : default;

    /// <summary>Parses one JSON Lines line; the problem is null on success.</summary>
    public string? LoadJson(ReadOnlySpan<byte> line)
    {
        Clear();
        if (!System.Text.Unicode.Utf8.IsValid(line))
        {
            return "not valid UTF-8";
        }

        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "not valid JSON: expected an object";
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                string name = Name(ref reader);
                reader.Read();
                Set(name, reader.TokenType switch
                {
                    JsonTokenType.String => new FieldValue(FieldKind.String, reader.GetString()),
                    JsonTokenType.Number => new FieldValue(FieldKind.Number, Encoding.UTF8.GetString(reader.ValueSpan)),
                    JsonTokenType.True => new FieldValue(FieldKind.Bool, "true"),
                    JsonTokenType.False => new FieldValue(FieldKind.Bool, "false"),
                    JsonTokenType.Null => new FieldValue(FieldKind.Null, null),
                    _ => Skip(ref reader),
                });
            }

            // Anything after the object (a second value, garbage) makes the reader throw.
            reader.Read();
            return null;
        }
        catch (JsonException)
        {
            return "not valid JSON";
        }
        catch (InvalidOperationException)
        {
            return "not valid JSON (bad escape)";
        }
    }

    /// <summary>The property name the reader is on, as the string seen before for the same bytes (few names repeat on every line).</summary>
    private string Name(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return reader.GetString()!;
        }

        var span = reader.ValueSpan;
        foreach (var (utf8, known) in _names)
        {
            if (span.SequenceEqual(utf8))
            {
                return known;
            }
        }

        string name = reader.GetString()!;
        if (_names.Count < 32)
        {
            _names.Add((span.ToArray(), name));
        }

        return name;
    }

    private static FieldValue Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return new FieldValue(FieldKind.Other, null);
    }
}

/// <summary>A field problem: the field (null for the whole line) and what is wrong.</summary>
internal readonly record struct FieldProblem(string? Field, string Problem);

/// <summary>Typed access to the fields of an <see cref="InputRow"/>; each getter explains what is wrong.</summary>
internal static class Fields
{
    public static bool RequiredString(InputRow row, string name, out string value, out FieldProblem problem)
    {
        if (!OptionalString(row, name, out var v, out problem))
        {
            value = "";
            return false;
        }

        if (v is null || v.Length == 0)
        {
            value = "";
            problem = new(name, "missing");
            return false;
        }

        value = v;
        return true;
    }

    /// <summary>A required id: a non-empty string that keeps <see cref="IdRules"/>.</summary>
    public static bool RequiredId(InputRow row, string name, out string value, out FieldProblem problem)
    {
        if (!RequiredString(row, name, out value, out problem))
        {
            return false;
        }

        if (IdRules.Problem(value) is { } p)
        {
            problem = new(name, $"\"{IdRules.Shown(value)}\" {p}");
            value = "";
            return false;
        }

        return true;
    }

    public static bool OptionalString(InputRow row, string name, out string? value, out FieldProblem problem)
    {
        var f = row.Get(name);
        problem = default;
        value = null;
        switch (f.Kind)
        {
            case FieldKind.Absent:
            case FieldKind.Null:
                return true;
            case FieldKind.String:
                value = f.Text;
                return true;
            default:
                problem = new(name, "expected a string");
                return false;
        }
    }

    public static bool RequiredInstant(InputRow row, string name, out Instant value, out FieldProblem problem)
    {
        if (!OptionalInstant(row, name, out var v, out problem))
        {
            value = default;
            return false;
        }

        if (v is null)
        {
            value = default;
            problem = new(name, "missing");
            return false;
        }

        value = v.Value;
        return true;
    }

    public static bool OptionalInstant(InputRow row, string name, out Instant? value, out FieldProblem problem)
    {
        value = null;
        if (!OptionalString(row, name, out var text, out problem))
        {
            problem = new(name, "expected an RFC 3339 instant string");
            return false;
        }

        if (text is null)
        {
            return true;
        }

        if (Rfc3339.Problem(text, out var instant) is { } p)
        {
            problem = new(name, p);
            return false;
        }

        value = instant;
        return true;
    }

    public static bool Decimal(InputRow row, string name, decimal? fallback, out decimal value, out FieldProblem problem)
    {
        value = 0;
        problem = default;
        var f = row.Get(name);
        if (f.Kind is FieldKind.Absent or FieldKind.Null)
        {
            if (fallback is null)
            {
                problem = new(name, "missing");
                return false;
            }

            value = fallback.Value;
            return true;
        }

        if (f.Kind is not (FieldKind.Number or FieldKind.String)
            || !decimal.TryParse(f.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            problem = new(name, $"expected a number, was {Show(f)}");
            return false;
        }

        if (AmountRules.AmountProblem(value) is not null)
        {
            problem = new(name, value < 0 ? $"must not be negative, was {f.Text}" : $"must be at most 1000000000000 (10^12), was {f.Text}");
            return false;
        }

        return true;
    }

    /// <summary>A count (items, operations): a whole number from 0 to <see cref="AmountRules.MaxCount"/>.</summary>
    public static bool Count(InputRow row, string name, int fallback, out int value, out FieldProblem problem)
    {
        if (!Integer(row, name, fallback, out value, out problem))
        {
            return false;
        }

        if (value > AmountRules.MaxCount)
        {
            problem = new(name, $"must be at most {AmountRules.MaxCount}, was {row.Get(name).Text}");
            return false;
        }

        return true;
    }

    public static bool Integer(InputRow row, string name, int? fallback, out int value, out FieldProblem problem)
    {
        value = 0;
        problem = default;
        var f = row.Get(name);
        if (f.Kind is FieldKind.Absent or FieldKind.Null)
        {
            if (fallback is null)
            {
                problem = new(name, "missing");
                return false;
            }

            value = fallback.Value;
            return true;
        }

        if (f.Kind is not (FieldKind.Number or FieldKind.String)
            || !int.TryParse(f.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            problem = new(name, $"expected a whole number, was {Show(f)}");
            return false;
        }

        if (value < 0)
        {
            problem = new(name, $"must not be negative, was {f.Text}");
            return false;
        }

        return true;
    }

    public static string Show(FieldValue f) => f.Kind switch
    {
        FieldKind.String => "\"" + f.Text + "\"",
        FieldKind.Other => "an object or array",
        _ => f.Text ?? "null",
    };
}
