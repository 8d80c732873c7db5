using System.Text;
using System.Text.Json;

namespace CsPerf.Tests.BadInput;

/// <summary>Byte-exact edits of one compact JSON Lines object (the rest of the line is left as it was).</summary>
public static class JsonLine
{
    /// <summary>Where a top-level property sits: the name's opening quote, the value's first byte, the value's end.</summary>
    private readonly record struct Span(int NameStart, int ValueStart, int ValueEnd, JsonTokenType Kind);

    private static Span? Find(byte[] line, string field)
    {
        var reader = new Utf8JsonReader(line);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int nameStart = (int)reader.TokenStartIndex;
            bool match = reader.ValueTextEquals(field);
            reader.Read();
            int valueStart = (int)reader.TokenStartIndex;
            var kind = reader.TokenType;
            if (kind is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }

            int valueEnd = (int)reader.BytesConsumed;
            if (match)
            {
                return new Span(nameStart, valueStart, valueEnd, kind);
            }
        }

        return null;
    }

    public static bool Has(byte[] line, string field) => Find(line, field) is not null;

    public static bool IsString(byte[] line, string field) => Find(line, field) is { Kind: JsonTokenType.String };

    /// <summary>The field's value as a .NET string (null when absent or not a string).</summary>
    public static string? GetString(byte[] line, string field)
    {
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }

    /// <summary>The field's raw value text (as written).</summary>
    public static string? Raw(byte[] line, string field) =>
        Find(line, field) is { } s ? Encoding.UTF8.GetString(line, s.ValueStart, s.ValueEnd - s.ValueStart) : null;

    /// <summary>Replaces the field's value with raw bytes (anything, valid JSON or not).</summary>
    public static byte[] ReplaceValue(byte[] line, string field, byte[] raw)
    {
        var s = Find(line, field) ?? throw new ArgumentException($"no field {field}");
        return [.. line.AsSpan(0, s.ValueStart), .. raw, .. line.AsSpan(s.ValueEnd)];
    }

    public static byte[] ReplaceValue(byte[] line, string field, string rawJson) => ReplaceValue(line, field, Encoding.UTF8.GetBytes(rawJson));

    /// <summary>Sets a string field to a JSON string whose escaped content is <paramref name="escapedContent"/>.</summary>
    public static byte[] SetEscapedString(byte[] line, string field, string escapedContent) => ReplaceValue(line, field, "\"" + escapedContent + "\"");

    /// <summary>Inserts raw bytes into a string value's content at <paramref name="offset"/> bytes from its start (clamped).</summary>
    public static byte[] InsertIntoString(byte[] line, string field, int offset, byte[] raw)
    {
        var s = Find(line, field) ?? throw new ArgumentException($"no field {field}");
        if (s.Kind != JsonTokenType.String)
        {
            throw new ArgumentException($"{field} is not a string");
        }

        int contentStart = s.ValueStart + 1, contentEnd = s.ValueEnd - 1;
        int at = contentStart + Math.Clamp(offset, 0, contentEnd - contentStart);

        // Never split an escape (\uXXXX, \") or a UTF-8 sequence.
        while (at < contentEnd && (IsContinuation(line[at]) || InsideEscape(line, contentStart, at)))
        {
            at++;
        }

        return [.. line.AsSpan(0, at), .. raw, .. line.AsSpan(at)];
    }

    public static byte[] RemoveField(byte[] line, string field)
    {
        var s = Find(line, field) ?? throw new ArgumentException($"no field {field}");
        int start = s.NameStart, end = s.ValueEnd;
        if (end < line.Length && line[end] == ',')
        {
            end++;
        }
        else
        {
            int p = start - 1;
            while (p > 0 && line[p] == ' ')
            {
                p--;
            }

            if (line[p] == ',')
            {
                start = p;
            }
        }

        return [.. line.AsSpan(0, start), .. line.AsSpan(end)];
    }

    /// <summary>Adds a property before the <paramref name="index"/>-th existing one (or at the end).</summary>
    public static byte[] AddField(byte[] line, string rawName, string rawValue, int index)
    {
        var positions = new List<int>();
        var reader = new Utf8JsonReader(line);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            positions.Add((int)reader.TokenStartIndex);
            reader.Read();
            reader.Skip();
        }

        byte[] prop = Encoding.UTF8.GetBytes("\"" + rawName + "\":" + rawValue);
        if (index < positions.Count)
        {
            int at = positions[index];
            return [.. line.AsSpan(0, at), .. prop, (byte)',', .. line.AsSpan(at)];
        }

        int close = Array.LastIndexOf(line, (byte)'}');
        return positions.Count == 0
            ? [.. line.AsSpan(0, close), .. prop, .. line.AsSpan(close)]
            : [.. line.AsSpan(0, close), (byte)',', .. prop, .. line.AsSpan(close)];
    }

    public static IReadOnlyList<string> FieldNames(byte[] line)
    {
        var names = new List<string>();
        var reader = new Utf8JsonReader(line);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            names.Add(reader.GetString()!);
            reader.Read();
            reader.Skip();
        }

        return names;
    }

    private static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;

    private static bool InsideEscape(byte[] line, int contentStart, int at)
    {
        // Look back for a backslash starting an escape that covers position `at`.
        for (int p = at - 1; p >= contentStart && p >= at - 5; p--)
        {
            if (line[p] != '\\')
            {
                continue;
            }

            int backslashes = 0;
            for (int q = p; q >= contentStart && line[q] == '\\'; q--)
            {
                backslashes++;
            }

            if (backslashes % 2 == 0)
            {
                continue;
            }

            int length = line[p + 1] == 'u' ? 6 : 2;
            return at < p + length;
        }

        return false;
    }
}
