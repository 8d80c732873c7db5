namespace CsPerf.IO;

/// <summary>How far the reading of a dataset folder's messages file has come (for a progress display).</summary>
/// <param name="File">The file being read (<c>messages.jsonl</c>).</param>
/// <param name="BytesRead">Bytes read so far.</param>
/// <param name="TotalBytes">The file's size.</param>
public readonly record struct LoadProgress(string File, long BytesRead, long TotalBytes);

/// <summary>A read-only stream that reports the bytes read through it, at most once per <see cref="Step"/> bytes and at the end.</summary>
internal sealed class ProgressStream(Stream inner, string file, IProgress<LoadProgress> progress) : Stream
{
    /// <summary>Bytes between two reports (and always the last).</summary>
    public const long Step = 4 << 20;

    private readonly long _length = inner.Length;
    private long _read;
    private long _reported;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        _read += n;
        if (_read - _reported >= Step || (_read != _reported && (n == 0 || _read == _length)))
        {
            _reported = _read;
            progress.Report(new LoadProgress(file, _read, _length));
        }

        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
