namespace CsPerf.IO.Ingest;

/// <summary>Receives one physical line (without its line break) and its number, from 1.</summary>
internal delegate void LineHandler(ReadOnlySpan<byte> line, long lineNumber);

/// <summary>
/// Splits a UTF-8 file into physical lines, reading big chunks and cutting them at their last line break, so the hot
/// path sees spans over one reusable buffer and nothing is allocated per line.
/// </summary>
internal static class LineSplitter
{
    public const int ChunkSize = 4 << 20;

    public static void ForEachLine(Stream stream, LineHandler handler, int chunkSize = ChunkSize)
    {
        byte[] buffer = new byte[chunkSize];
        int filled = 0;
        long line = 0;
        bool bomChecked = false;
        while (true)
        {
            if (filled == buffer.Length)
            {
                // One line longer than the buffer: grow rather than cut it.
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            int read = stream.Read(buffer, filled, buffer.Length - filled);
            bool end = read == 0;
            filled += read;
            var span = buffer.AsSpan(0, filled);
            int limit = end ? filled : span.LastIndexOf((byte)'\n') + 1;
            if (limit == 0 && !end)
            {
                continue;
            }

            int pos = 0;
            if (!bomChecked)
            {
                bomChecked = true;
                if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                {
                    pos = 3;
                }
            }

            while (pos < limit)
            {
                int nl = span[pos..limit].IndexOf((byte)'\n');
                int lineEnd = nl < 0 ? limit : pos + nl;
                var text = span[pos..lineEnd];
                if (!text.IsEmpty && text[^1] == '\r')
                {
                    text = text[..^1];
                }

                handler(text, ++line);
                pos = nl < 0 ? limit : lineEnd + 1;
            }

            if (end)
            {
                return;
            }

            int rest = filled - limit;
            Buffer.BlockCopy(buffer, limit, buffer, 0, rest);
            filled = rest;
        }
    }

    /// <summary>Whether a line holds only JSON white space (blank lines are ignored).</summary>
    public static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
        {
            if (b != ' ' && b != '\t' && b != '\r')
            {
                return false;
            }
        }

        return true;
    }
}
