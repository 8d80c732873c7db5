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
    /// Calls <paramref name="onRow"/> for each record (blank lines skipped) with its physical line number,
    /// <paramref name="onProblem"/> for each line that is not a record (bad JSON, bad CSV, invalid UTF-8, wrong field
    /// count), and <paramref name="onFatal"/> when no record of the file can be read (a CSV header that does not parse).
    /// </summary>
    public static void ForEach(Stream stream, bool csv, Action<long, string> onProblem, Action<InputRow, long> onRow, Action<long, string> onFatal)
    {
        var row = new InputRow();
        if (csv)
        {
            ForEachCsv(stream, row, onProblem, onRow, onFatal);
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

    private static void ForEachCsv(Stream stream, InputRow row, Action<long, string> onProblem, Action<InputRow, long> onRow, Action<long, string> onFatal)
    {
        var csv = new CsvRecordReader(stream);
        var fields = new List<string>();
        string[]? header = null;
        while (csv.Read(fields))
        {
            if (csv.IsBlank)
            {
                continue;
            }

            if (csv.Problem is not null)
            {
                if (header is null)
                {
                    // Without its header no record can be read: a file-level problem that stops the load, lenient too.
                    onFatal(csv.StartLine, csv.Problem + " (in the header row, so no record of the file can be read)");
                    return;
                }

                onProblem(csv.StartLine, csv.Problem);
                continue;
            }

            if (header is null)
            {
                header = fields.Select(f => f.Trim()).ToArray();
                csv.ExpectedFields = header.Length;
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
}
