using System.Text;

namespace CsPerf.IO.Ingest;

/// <summary>
/// Reads RFC 4180 records (quoted fields, doubled quotes, CRLF or LF, newlines inside quotes) and tracks physical
/// lines, so a record is reported at the line it starts on.
/// </summary>
internal sealed class CsvRecordReader
{
    private readonly TextReader _reader;
    private readonly StringBuilder _field = new();
    private long _line = 1;

    public CsvRecordReader(TextReader reader) => _reader = reader;

    /// <summary>Physical line the last record started on.</summary>
    public long StartLine { get; private set; }

    /// <summary>Why the last record is malformed, or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>Whether the last record is a blank line.</summary>
    public bool IsBlank { get; private set; }

    /// <summary>Reads the next record into <paramref name="fields"/>; false at end of input.</summary>
    public bool Read(List<string> fields)
    {
        fields.Clear();
        Problem = null;
        StartLine = _line;
        int c = _reader.Read();
        if (c < 0)
        {
            return false;
        }

        bool anyQuoted = false;
        while (true)
        {
            _field.Clear();
            if (c == '"')
            {
                anyQuoted = true;
                while (true)
                {
                    c = _reader.Read();
                    if (c < 0)
                    {
                        Problem ??= "not valid CSV: a quoted field is not closed";
                        fields.Add(_field.ToString());
                        IsBlank = false;
                        return true;
                    }

                    if (c == '"')
                    {
                        if (_reader.Peek() == '"')
                        {
                            _reader.Read();
                            _field.Append('"');
                            continue;
                        }

                        break;
                    }

                    if (c == '\n')
                    {
                        _line++;
                    }

                    _field.Append((char)c);
                }

                c = _reader.Read();
                if (c >= 0 && c != ',' && c != '\r' && c != '\n')
                {
                    Problem ??= "not valid CSV: text after a closing quote";
                    while (c >= 0 && c != ',' && c != '\r' && c != '\n')
                    {
                        c = _reader.Read();
                    }
                }
            }
            else
            {
                while (c >= 0 && c != ',' && c != '\r' && c != '\n')
                {
                    _field.Append((char)c);
                    c = _reader.Read();
                }
            }

            fields.Add(_field.ToString());
            if (c == ',')
            {
                c = _reader.Read();
                continue;
            }

            if (c == '\r' && _reader.Peek() == '\n')
            {
                _reader.Read();
            }

            if (c == '\r' || c == '\n')
            {
                _line++;
            }

            IsBlank = !anyQuoted && fields.Count == 1 && fields[0].Trim().Length == 0;
            return true;
        }
    }
}
