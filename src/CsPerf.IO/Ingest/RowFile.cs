using System.Text;

namespace CsPerf.IO.Ingest;

/// <summary>
/// Reads the records of a JSON Lines or CSV file as <see cref="InputRow"/>s, so every line-based file (dataset files,
/// payroll scores and attendance) gives the same errors in either format.
/// </summary>
internal static class RowFile
{
    /// <summary>Whether a path names a CSV file (by its extension).</summary>
    public static bool IsCsv(string path) => path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Calls <paramref name="onRow"/> for each record (blank lines skipped) with its physical line number, and
    /// <paramref name="onProblem"/> for each line that is not a record (bad JSON, bad CSV, wrong field count).
    /// </summary>
    public static void ForEach(Stream stream, bool csv, Action<long, string> onProblem, Action<InputRow, long> onRow)
    {
        var row = new InputRow();
        if (csv)
        {
            ForEachCsv(stream, row, onProblem, onRow);
            return;
        }

        LineSplitter.ForEachLine(stream, (line, number) =>
        {
            if (LineSplitter.IsBlank(line))
            {
                return;
            }

            string? problem = row.LoadJson(line);
            if (problem is not null)
            {
                onProblem(number, problem);
                return;
            }

            onRow(row, number);
        });
    }

    private static void ForEachCsv(Stream stream, InputRow row, Action<long, string> onProblem, Action<InputRow, long> onRow)
    {
        using var text = new StreamReader(stream, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true, 1 << 16, leaveOpen: true);
        var csv = new CsvRecordReader(text);
        var fields = new List<string>();
        string[]? header = null;
        try
        {
            while (csv.Read(fields))
            {
                if (csv.IsBlank)
                {
                    continue;
                }

                if (csv.Problem is not null)
                {
                    onProblem(csv.StartLine, csv.Problem);
                    if (header is null)
                    {
                        return;
                    }

                    continue;
                }

                if (header is null)
                {
                    header = fields.Select(f => f.Trim()).ToArray();
                    continue;
                }

                if (fields.Count != header.Length)
                {
                    onProblem(csv.StartLine, $"expected {header.Length} fields as in the header, found {fields.Count}");
                    continue;
                }

                row.Clear();
                for (int i = 0; i < header.Length; i++)
                {
                    if (fields[i].Length > 0)
                    {
                        row.Set(header[i], new FieldValue(FieldKind.String, fields[i]));
                    }
                }

                onRow(row, csv.StartLine);
            }
        }
        catch (DecoderFallbackException)
        {
            onProblem(csv.StartLine, "not valid UTF-8");
        }
    }
}
