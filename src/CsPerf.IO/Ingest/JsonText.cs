using System.Text;
using System.Text.Json;

namespace CsPerf.IO.Ingest;

/// <summary>
/// Checks a whole JSON document (roster.json, config.json) before it is parsed, for what <see cref="JsonDocument"/>
/// would only trip on later and without a line: bytes that are not UTF-8, and string escapes that are not valid
/// UTF-16 (a lone surrogate such as <c>"\udc00"</c>).
/// </summary>
internal static class JsonText
{
    /// <summary>The first such problem with its line (from 1) and the nearest property name as its field (null if none); null when none.</summary>
    /// <param name="utf8">The document.</param>
    /// <param name="source">The file name the problem names.</param>
    public static Problem? Check(ReadOnlySpan<byte> utf8, string source)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            int at = 0;
            while (at < utf8.Length && System.Text.Rune.DecodeFromUtf8(utf8[at..], out _, out int consumed) == System.Buffers.OperationStatus.Done)
            {
                at += consumed;
            }

            return new Problem(source, LineAt(utf8, at), null, "not valid UTF-8");
        }

        string? field = null;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
                {
                    continue;
                }

                string? text;
                try
                {
                    text = reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    return new Problem(source, LineAt(utf8, (int)reader.TokenStartIndex), reader.TokenType == JsonTokenType.PropertyName ? null : field,
                        "a \\u escape is not valid UTF-16 (a lone surrogate)");
                }

                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    field = text;
                }
            }
        }
        catch (JsonException)
        {
            // Not valid JSON: the parser that follows reports it with its line.
        }

        return null;
    }

    /// <summary>The line (from 1) of a byte offset.</summary>
    public static long LineAt(ReadOnlySpan<byte> utf8, int offset) => utf8[..Math.Min(offset, utf8.Length)].Count((byte)'\n') + 1;

    /// <summary>The bytes without a leading UTF-8 byte order mark.</summary>
    public static ReadOnlyMemory<byte> SkipBom(ReadOnlyMemory<byte> utf8) =>
        utf8.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? utf8[3..] : utf8;

    /// <summary>Decodes checked UTF-8 (see <see cref="Check"/>).</summary>
    public static string Decode(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);
}
