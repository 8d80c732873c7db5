using System.Globalization;
using System.Text;

namespace CsPerf.IO.Ingest;

/// <summary>
/// Reads RFC 4180 records (quoted fields, doubled quotes, CRLF or LF, newlines inside quotes) from UTF-8 bytes and
/// tracks physical lines, so a record is reported at the line it starts on.
/// </summary>
/// <remarks>
/// Bytes are split into records first and decoded per field, so invalid UTF-8 spoils only the record that holds it.
/// A malformed record that spans several lines (a quoted field never closed, text after a closing quote, or the wrong
/// number of cells) most likely starts with a stray quote that swallowed the lines after it: the record is reported
/// at its first line, with how many lines it spanned, and reading resumes at the line after that first line
/// (docs/decisions.md "CSV: resynchronising after an unbalanced quote"). The stream must be seekable for that.
/// </remarks>
internal sealed class CsvRecordReader
{
    /// <summary>The longest record kept, in bytes; a longer one is refused (its bytes are not held in memory).</summary>
    public const int MaxRecordBytes = 16 << 20;

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[1 << 16];
    private long _bufferStart; // stream offset of _buffer[0]
    private int _pos;
    private int _length;
    private byte[] _field = new byte[256];
    private int _fieldLength;
    private long _line = 1;

    public CsvRecordReader(Stream stream)
    {
        _stream = stream;
        _bufferStart = stream.CanSeek ? stream.Position : 0;
    }

    /// <summary>Physical line the last record started on.</summary>
    public long StartLine { get; private set; }

    /// <summary>Why the last record is malformed, or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>Whether the last record is a blank line.</summary>
    public bool IsBlank { get; private set; }

    /// <summary>How many cells a record must have (the header's count); 0 while the header is read.</summary>
    public int ExpectedFields { get; set; }

    /// <summary>The stream offset of the next record (after <see cref="Read"/>: where the record read ended, or where reading resumes after a malformed one).</summary>
    public long Position => _bufferStart + _pos;

    /// <summary>The physical line the next record starts on.</summary>
    public long NextLine => _line;

    /// <summary>Reads the next record into <paramref name="fields"/>; false at end of input.</summary>
    public bool Read(List<string> fields)
    {
        fields.Clear();
        Problem = null;
        IsBlank = false;
        StartLine = _line;
        if (Position == 0 && Peek() == 0xEF)
        {
            SkipBom();
        }

        int c = Next();
        if (c < 0)
        {
            return false;
        }

        bool anyQuoted = false, badUtf8 = false, tooLong = false, endedAtEof = false, unclosed = false, lastWasNewline = false;
        long resumeAt = -1; // stream offset of the line after the first line, once a quoted field crosses a newline
        long recordBytes = 0;
        while (true)
        {
            _fieldLength = 0;
            if (c == '"')
            {
                anyQuoted = true;
                while (true)
                {
                    c = Next();
                    if (c < 0)
                    {
                        Problem ??= "not valid CSV: a quoted field is not closed";
                        unclosed = true;
                        break;
                    }

                    if (c == '"')
                    {
                        if (Peek() == '"')
                        {
                            Next();
                            Append((byte)'"', ref recordBytes, ref tooLong);
                            continue;
                        }

                        break;
                    }

                    lastWasNewline = c == '\n';
                    if (lastWasNewline)
                    {
                        _line++;
                        if (resumeAt < 0)
                        {
                            resumeAt = Position;
                        }
                    }

                    Append((byte)c, ref recordBytes, ref tooLong);
                }

                if (!unclosed)
                {
                    c = Next();
                    if (c >= 0 && c != ',' && c != '\r' && c != '\n')
                    {
                        Problem ??= "not valid CSV: text after a closing quote";
                        while (c >= 0 && c != ',' && c != '\r' && c != '\n')
                        {
                            c = Next();
                        }
                    }
                }
            }
            else
            {
                while (c >= 0 && c != ',' && c != '\r' && c != '\n')
                {
                    Append((byte)c, ref recordBytes, ref tooLong);
                    c = Next();
                }
            }

            var bytes = _field.AsSpan(0, _fieldLength);
            if (!System.Text.Unicode.Utf8.IsValid(bytes))
            {
                badUtf8 = true;
                fields.Add("");
            }
            else
            {
                fields.Add(Encoding.UTF8.GetString(bytes));
            }

            if (unclosed)
            {
                endedAtEof = true;
                break;
            }

            if (c == ',')
            {
                c = Next();
                continue;
            }

            if (c == '\r' && Peek() == '\n')
            {
                Next();
            }

            if (c == '\r' || c == '\n')
            {
                _line++;
            }
            else
            {
                endedAtEof = true;
            }

            break;
        }

        IsBlank = Problem is null && !anyQuoted && fields.Count == 1 && fields[0].Trim().Length == 0;
        if (Problem is null && tooLong)
        {
            Problem = $"the record is longer than {MaxRecordBytes / (1 << 20)} MB";
        }

        if (Problem is null && badUtf8)
        {
            Problem = "not valid UTF-8";
        }

        if (Problem is null && !IsBlank && ExpectedFields > 0 && fields.Count != ExpectedFields)
        {
            Problem = $"expected {ExpectedFields} fields as in the header, found {fields.Count}";
        }

        if (Problem is not null && resumeAt >= 0 && _stream.CanSeek && resumeAt < _stream.Length)
        {
            long lastLine = endedAtEof && !(unclosed && lastWasNewline) ? _line : _line - 1;
            long spanned = lastLine - StartLine + 1;
            string what = unclosed
                ? string.Create(CultureInfo.InvariantCulture, $"not valid CSV: unbalanced quote (the record spans {spanned} lines, to the end of the file)")
                : string.Create(CultureInfo.InvariantCulture, $"{Problem} (the record spans {spanned} lines: an unbalanced quote?)");
            Problem = string.Create(CultureInfo.InvariantCulture, $"{what}; reading resumes at line {StartLine + 1}");
            Seek(resumeAt);
            _line = StartLine + 1;
        }

        return true;
    }

    private void Append(byte b, ref long recordBytes, ref bool tooLong)
    {
        if (++recordBytes > MaxRecordBytes)
        {
            tooLong = true;
            return;
        }

        if (_fieldLength == _field.Length)
        {
            Array.Resize(ref _field, _field.Length * 2);
        }

        _field[_fieldLength++] = b;
    }

    private int Next()
    {
        if (_pos == _length && !Fill())
        {
            return -1;
        }

        return _buffer[_pos++];
    }

    private int Peek()
    {
        if (_pos == _length && !Fill())
        {
            return -1;
        }

        return _buffer[_pos];
    }

    private bool Fill()
    {
        _bufferStart += _length;
        _pos = 0;
        _length = _stream.Read(_buffer, 0, _buffer.Length);
        return _length > 0;
    }

    private void SkipBom()
    {
        // Only at offset 0, and only the whole mark EF BB BF.
        if (_length - _pos >= 3 && _buffer[_pos] == 0xEF && _buffer[_pos + 1] == 0xBB && _buffer[_pos + 2] == 0xBF)
        {
            _pos += 3;
        }
    }

    private void Seek(long offset)
    {
        if (offset >= _bufferStart && offset <= _bufferStart + _length)
        {
            _pos = (int)(offset - _bufferStart);
            return;
        }

        _stream.Seek(offset, SeekOrigin.Begin);
        _bufferStart = offset;
        _pos = 0;
        _length = 0;
    }
}
