using System.Security.Cryptography;
using System.Text;

namespace CsPerf.Tests.BadInput;

/// <summary>A physical line of a dataset file (from 1), as error messages name it.</summary>
public readonly record struct FileLine(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>
/// A dataset folder held in memory: file name → bytes, or null for an entry that is a folder. Immutable; every
/// change returns a new image. <see cref="Materialize"/> writes it to a fresh temp folder.
/// </summary>
public sealed class DatasetImage
{
    private readonly SortedDictionary<string, byte[]?> _files;
    private string? _key;

    public DatasetImage(IEnumerable<KeyValuePair<string, byte[]?>> files) =>
        _files = new SortedDictionary<string, byte[]?>(files.ToDictionary(f => f.Key, f => f.Value), StringComparer.Ordinal);

    public IEnumerable<string> Names => _files.Keys;

    public bool Has(string name) => _files.ContainsKey(name);

    public byte[] Bytes(string name) => _files[name] ?? throw new InvalidOperationException(name + " is a folder");

    public long TotalBytes => _files.Values.Sum(v => (long)(v?.Length ?? 0));

    /// <summary>A content hash naming the image (the cache key of its report).</summary>
    public string Key => _key ??= ComputeKey();

    public DatasetImage With(string name, byte[]? bytes)
    {
        var copy = new Dictionary<string, byte[]?>(_files) { [name] = bytes };
        return new DatasetImage(copy);
    }

    public DatasetImage Without(string name)
    {
        var copy = new Dictionary<string, byte[]?>(_files);
        copy.Remove(name);
        return new DatasetImage(copy);
    }

    /// <summary>The file's physical lines (split on LF; a final LF does not start a line; CR stays in the line).</summary>
    public List<byte[]> Lines(string name) => SplitLines(Bytes(name));

    public DatasetImage WithLines(string name, IEnumerable<byte[]> lines, bool finalNewline = true) =>
        With(name, JoinLines(lines, finalNewline));

    /// <summary>The image with the given physical lines removed (other lines unchanged, byte for byte).</summary>
    public DatasetImage WithoutLines(IEnumerable<FileLine> lines)
    {
        var image = this;
        foreach (var group in lines.GroupBy(l => l.File))
        {
            var drop = group.Select(l => l.Line).ToHashSet();
            byte[] bytes = image.Bytes(group.Key);
            var kept = new List<byte>(bytes.Length);
            int line = 1, start = 0;
            for (int i = 0; i <= bytes.Length; i++)
            {
                if (i == bytes.Length || bytes[i] == '\n')
                {
                    int end = i < bytes.Length ? i + 1 : i;
                    if (!drop.Contains(line))
                    {
                        kept.AddRange(bytes.AsSpan(start, end - start).ToArray());
                    }

                    line++;
                    start = end;
                }
            }

            image = image.With(group.Key, kept.ToArray());
        }

        return image;
    }

    public static List<byte[]> SplitLines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\n')
            {
                lines.Add(bytes[start..i]);
                start = i + 1;
            }
        }

        if (start < bytes.Length)
        {
            lines.Add(bytes[start..]);
        }

        return lines;
    }

    public static byte[] JoinLines(IEnumerable<byte[]> lines, bool finalNewline = true)
    {
        var output = new MemoryStream();
        bool first = true;
        foreach (var line in lines)
        {
            if (!first)
            {
                output.WriteByte((byte)'\n');
            }

            output.Write(line);
            first = false;
        }

        if (finalNewline && !first)
        {
            output.WriteByte((byte)'\n');
        }

        return output.ToArray();
    }

    /// <summary>Writes the image to a new temp folder, deleted when the result is disposed.</summary>
    public TempFolder Materialize()
    {
        var folder = new TempFolder();
        foreach (var (name, bytes) in _files)
        {
            string path = Path.Combine(folder.Path, name);
            if (bytes is null)
            {
                Directory.CreateDirectory(path);
            }
            else
            {
                File.WriteAllBytes(path, bytes);
            }
        }

        return folder;
    }

    private string ComputeKey()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, bytes) in _files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(name));
            hash.AppendData(bytes is null ? [0xFF] : BitConverter.GetBytes((long)bytes.Length));
            if (bytes is not null)
            {
                hash.AppendData(bytes);
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}

/// <summary>A temp folder deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "csperf-mut-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
