using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace CsPerf.Synthetic;

/// <summary>
/// A buffered UTF-8 line writer over a file. Hand formatting into one large buffer, rather than a JSON writer per
/// line, is what lets ten million messages stream out at disk speed.
/// </summary>
internal sealed class Utf8Out : IDisposable
{
    private readonly FileStream _file;
    private readonly byte[] _buf = new byte[1 << 20];
    private int _pos;
    private long _flushed;
    private bool _closed;

    public Utf8Out(string path)
    {
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.SequentialScan);
    }

    public long Lines { get; set; }

    public long Bytes => _flushed + _pos;

    /// <summary>Makes room for at least <paramref name="n"/> bytes.</summary>
    private void Ensure(int n)
    {
        if (_buf.Length - _pos < n)
        {
            Flush();
        }
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buf.Length / 2)
        {
            Flush();
            _file.Write(bytes);
            _flushed += bytes.Length;
            return;
        }

        Ensure(bytes.Length);
        bytes.CopyTo(_buf.AsSpan(_pos));
        _pos += bytes.Length;
    }

    public void Write(long value)
    {
        Ensure(24);
        Utf8Formatter.TryFormat(value, _buf.AsSpan(_pos), out int n);
        _pos += n;
    }

    /// <summary>Customer ids: <c>tb</c> and at least six digits.</summary>
    public void WriteCustomer(int index)
    {
        Ensure(24);
        _buf[_pos++] = (byte)'t';
        _buf[_pos++] = (byte)'b';
        Utf8Formatter.TryFormat(index + 1, _buf.AsSpan(_pos), out int n, new StandardFormat('D', 6));
        _pos += n;
    }

    /// <summary>Money from cents with exactly two decimals.</summary>
    public void WriteMoney(long cents)
    {
        Write(cents / 100);
        Ensure(3);
        long frac = cents % 100;
        _buf[_pos++] = (byte)'.';
        _buf[_pos++] = (byte)('0' + frac / 10);
        _buf[_pos++] = (byte)('0' + frac % 10);
    }

    /// <summary>Direct access for fixed-width formatting; the caller advances with <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int n)
    {
        Ensure(n);
        return _buf.AsSpan(_pos);
    }

    public void Advance(int n) => _pos += n;

    private void Flush()
    {
        _file.Write(_buf, 0, _pos);
        _flushed += _pos;
        _pos = 0;
    }

    public void Dispose()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        Flush();
        _file.Dispose();
    }

    /// <summary>A JSON string body (no quotes) as UTF-8: only quote, backslash and control characters are escaped, so Chinese and emoji stay readable.</summary>
    public static byte[] JsonString(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        foreach (char ch in s)
        {
            switch (ch)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (ch < 0x20)
                    {
                        sb.Append("\\u").Append(((int)ch).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(ch);
                    }

                    break;
            }
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
