namespace CsPerf.IO.Ingest;

/// <summary>Collects the problems of one load: every one counted, the first <see cref="MaxListed"/> kept.</summary>
internal sealed class ErrorSink
{
    private readonly List<RejectedLine> _listed = [];

    /// <summary>Starts a collection.</summary>
    /// <param name="lenient">Whether bad lines are skipped (and recorded in <see cref="Builder"/>) rather than refusing the input.</param>
    /// <param name="maxListed">How many problems are kept for listing (all are counted).</param>
    public ErrorSink(bool lenient, int maxListed = DatasetReader.MaxListedErrors)
    {
        Lenient = lenient;
        MaxListed = maxListed;
    }

    public bool Lenient { get; }

    public int MaxListed { get; }

    /// <summary>The builder to record rejected lines in (lenient mode).</summary>
    public DatasetBuilder? Builder { get; set; }

    public long Count { get; private set; }

    /// <summary>Whether a problem stops the load even in lenient mode (a folder or roster problem).</summary>
    public bool Fatal { get; private set; }

    public IReadOnlyList<RejectedLine> Listed => _listed;

    /// <summary>A bad line (skipped in lenient mode).</summary>
    public void Line(Problem problem)
    {
        var rejected = problem.ToRejectedLine();
        Add(rejected);
        if (Lenient)
        {
            Builder?.AddRejected(rejected);
        }
    }

    /// <summary>A bad line (skipped in lenient mode).</summary>
    public void Line(string file, long line, string? field, string problem) => Line(new Problem(file, line, field, problem));

    /// <summary>A problem that stops the load, lenient too.</summary>
    public void FatalProblem(Problem problem)
    {
        Fatal = true;
        Add(problem.ToRejectedLine());
    }

    /// <summary>A problem that stops the load, lenient too.</summary>
    public void FatalProblem(string file, long line, string? field, string problem) => FatalProblem(new Problem(file, line, field, problem));

    private void Add(RejectedLine line)
    {
        Count++;
        if (_listed.Count < MaxListed)
        {
            _listed.Add(line);
        }
    }
}
