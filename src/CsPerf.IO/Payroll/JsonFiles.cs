using System.Text.Json;

namespace CsPerf.IO.Payroll;

/// <summary>Parsing of whole-JSON payroll files (plans, history) with problems located by JSON path.</summary>
internal static class JsonFiles
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// The problem that keeps a whole-JSON file from being read (a folder, or no such file), at path <c>$</c>; null
    /// when it is a file.
    /// </summary>
    public static JsonFileProblem? NotAFile(string path) => InputFiles.State(path) switch
    {
        InputFileState.File => null,
        InputFileState.Folder => new JsonFileProblem(Path.GetFileName(path), "$", InputFiles.NotAFile),
        _ => new JsonFileProblem(Path.GetFileName(path), "$", "not found"),
    };

    /// <summary>Parses a document (a UTF-8 BOM is skipped); null with a problem when it is not valid JSON.</summary>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> utf8, string file, List<JsonFileProblem> errors)
    {
        try
        {
            var bytes = utf8.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? utf8[3..] : utf8;

            // Bytes that are not UTF-8 and lone-surrogate escapes would only fail later, without a line, when read.
            if (Ingest.JsonText.Check(bytes.Span, file) is { } bad)
            {
                errors.Add(new JsonFileProblem(file, "$", $"{bad.Message} (line {bad.Line}{(bad.Field is null ? "" : ", near \"" + bad.Field + "\"")})"));
                return null;
            }

            return JsonDocument.Parse(bytes, Options);
        }
        catch (JsonException ex)
        {
            string where = ex.LineNumber is { } line ? $" (line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1})" : "";
            errors.Add(new JsonFileProblem(file, "$", "not valid JSON" + where));
            return null;
        }
    }
}
