using System.Text.Encodings.Web;
using System.Text.Json;
using CsPerf.Engine.Payroll;
using NodaTime.Text;

namespace CsPerf.IO.Payroll;

/// <summary>Writes <c>history.json</c> (contract "Dataset folder"): <c>{"periods":[{"period","ranks":[{"agent","rank"}]}]}</c>.</summary>
/// <remarks>Stateless and thread safe.</remarks>
public static class RankHistoryWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes the history to a file, replacing it: first to a temporary file next to it, then moved over it, so a failed
    /// write never leaves half a history.
    /// </summary>
    /// <param name="history">The history, months in the order to write.</param>
    /// <param name="path">The file.</param>
    public static void WriteFile(RankHistory history, string path)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(path);
        string temp = path + ".tmp";
        using (var stream = File.Create(temp))
        {
            Write(history, stream);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Writes the history as indented UTF-8 JSON.</summary>
    /// <param name="history">The history.</param>
    /// <param name="stream">Where to write.</param>
    public static void Write(RankHistory history, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new Utf8JsonWriter(stream, Options);
        w.WriteStartObject();
        w.WriteStartArray("periods");
        foreach (var p in history.Periods)
        {
            w.WriteStartObject();
            w.WriteString("period", YearMonthPattern.Iso.Format(p.Period));
            w.WriteStartArray("ranks");
            foreach (var r in p.Ranks)
            {
                w.WriteStartObject();
                w.WriteString("agent", r.Agent);
                w.WriteNumber("rank", r.Rank);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        stream.Write("\n"u8);
    }
}
