namespace CsPerf.IO.Ingest;

/// <summary>Collects the problems of one load: every one counted, the first <see cref="DatasetReader.MaxListedErrors"/> kept.</summary>
internal sealed class ErrorSink
{
    private readonly List<RejectedLine> _listed = [];

    public ErrorSink(bool lenient) => Lenient = lenient;

    public bool Lenient { get; }

    /// <summary>The builder to record rejected lines in (lenient mode).</summary>
    public DatasetBuilder? Builder { get; set; }

    public long Count { get; private set; }

    /// <summary>Whether a problem stops the load even in lenient mode (a folder or roster problem).</summary>
    public bool Fatal { get; private set; }

    public IReadOnlyList<RejectedLine> Listed => _listed;

    public void Line(string file, long line, string? field, string problem)
    {
        var rejected = new RejectedLine(file, line, field, problem);
        Add(rejected);
        if (Lenient)
        {
            Builder?.AddRejected(rejected);
        }
    }

    public void FatalProblem(string file, long line, string? field, string problem)
    {
        Fatal = true;
        Add(new RejectedLine(file, line, field, problem));
    }

    private void Add(RejectedLine line)
    {
        Count++;
        if (_listed.Count < DatasetReader.MaxListedErrors)
        {
            _listed.Add(line);
        }
    }
}
