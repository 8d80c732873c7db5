using System.Collections.Immutable;

namespace CsPerf.IO.Ingest;

/// <summary>
/// Describes one line-based input file (a dataset file such as <c>orders</c>, a payroll file such as <c>scores</c>):
/// its names and its columns. <see cref="InputFile{TTarget}"/> adds how a row becomes a record and how a record goes
/// into the target being built. The readers (<see cref="InputFileReader"/>) serve every descriptor through one JSON
/// Lines path and one CSV path, so both formats give the same errors and a new input file is one descriptor
/// registered in one list (<see cref="CsPerf.IO.DatasetFiles.All"/>, <see cref="CsPerf.IO.Payroll.PayrollFiles.All"/>;
/// docs/architecture.md "Where to add an input file").
/// </summary>
/// <remarks>A descriptor is immutable and shared; parsing touches no target, so it may run on another thread.</remarks>
internal abstract class InputFile
{
    /// <summary>Describes a file.</summary>
    /// <param name="name">The name without extension (<c>orders</c>).</param>
    /// <param name="columns">The fields a line may carry, in the order of the contract (the CSV header columns).</param>
    /// <param name="required">Whether a dataset folder must hold the file.</param>
    protected InputFile(string name, ImmutableArray<string> columns, bool required)
    {
        Name = name;
        Columns = columns;
        Required = required;
    }

    /// <summary>The name without extension (<c>orders</c>).</summary>
    public string Name { get; }

    /// <summary>The JSON Lines file name (<c>orders.jsonl</c>).</summary>
    public string JsonlName => Name + ".jsonl";

    /// <summary>The CSV file name (<c>orders.csv</c>).</summary>
    public string CsvName => Name + ".csv";

    /// <summary>The fields a line may carry (JSON field names; the CSV header columns). Other fields are ignored.</summary>
    public ImmutableArray<string> Columns { get; }

    /// <summary>Whether a dataset folder must hold the file (in one of its two forms).</summary>
    public bool Required { get; }

    /// <summary>Turns a row into its record (boxed), or tells the first field problem of the line.</summary>
    /// <param name="row">The row.</param>
    /// <param name="record">The record, when the row is one.</param>
    public abstract FieldProblem? Parse(InputRow row, out object? record);
}

/// <summary>An <see cref="InputFile"/> whose records go into a <typeparamref name="TTarget"/>.</summary>
/// <typeparam name="TTarget">What the records go into (the <see cref="DatasetBuilder"/>, a payroll record set).</typeparam>
internal abstract class InputFile<TTarget> : InputFile
{
    /// <summary>Describes a file.</summary>
    /// <param name="name">The name without extension (<c>orders</c>).</param>
    /// <param name="columns">The fields a line may carry (the CSV header columns).</param>
    /// <param name="required">Whether a dataset folder must hold the file.</param>
    protected InputFile(string name, ImmutableArray<string> columns, bool required)
        : base(name, columns, required)
    {
    }

    /// <summary>
    /// A fresh fast path for the JSON Lines form of the file (<see cref="FastLines{TTarget}"/>), or null when it has
    /// none (every line takes <see cref="InputRow.LoadJson"/>).
    /// </summary>
    public virtual FastLines<TTarget>? NewFastLines() => null;

    /// <summary>Puts a record parsed by <see cref="InputFile.Parse"/> into the target; null when kept, else why it is refused.</summary>
    /// <param name="record">The record.</param>
    /// <param name="target">The target.</param>
    /// <param name="file">The file name problems name.</param>
    /// <param name="line">The line of the record.</param>
    public abstract Problem? Apply(object record, TTarget target, string file, long line);

    /// <summary>Parses a row and applies its record: null when kept, else the problem of the line.</summary>
    /// <param name="row">The row.</param>
    /// <param name="target">The target.</param>
    /// <param name="file">The file name problems name.</param>
    /// <param name="line">The line of the row.</param>
    public Problem? Row(InputRow row, TTarget target, string file, long line) =>
        Parse(row, out var record) is { } p ? new Problem(file, line, p.Field, p.Problem) : Apply(record!, target, file, line);
}

/// <summary>An <see cref="InputFile{TTarget}"/> for records of type <typeparamref name="TRecord"/>.</summary>
/// <typeparam name="TRecord">The record of a line.</typeparam>
/// <typeparam name="TTarget">What the records go into.</typeparam>
internal sealed class InputFile<TRecord, TTarget> : InputFile<TTarget>
    where TRecord : class
{
    private readonly RowParser<TRecord> _parse;
    private readonly Func<TTarget, TRecord, string, long, Problem?> _apply;
    private readonly Func<FastLines<TTarget>>? _fast;

    /// <summary>Describes a file.</summary>
    /// <param name="name">The name without extension (<c>orders</c>).</param>
    /// <param name="columns">The fields a line may carry (the CSV header columns).</param>
    /// <param name="parse">Row → record or the first field problem (checks fields in a fixed order).</param>
    /// <param name="apply">Record → target: null when kept, else why refused (a duplicate id, an unknown order).</param>
    /// <param name="required">Whether a dataset folder must hold the file.</param>
    /// <param name="fast">Makes the fast path of the JSON Lines form (<see cref="FastLines{TTarget}"/>), or null for none.</param>
    public InputFile(string name, ImmutableArray<string> columns, RowParser<TRecord> parse, Func<TTarget, TRecord, string, long, Problem?> apply, bool required = false, Func<FastLines<TTarget>>? fast = null)
        : base(name, columns, required)
    {
        _parse = parse;
        _apply = apply;
        _fast = fast;
    }

    /// <inheritdoc/>
    public override FastLines<TTarget>? NewFastLines() => _fast?.Invoke();

    /// <inheritdoc/>
    public override FieldProblem? Parse(InputRow row, out object? record)
    {
        var problem = _parse(row, out var typed);
        record = typed;
        return problem;
    }

    /// <inheritdoc/>
    public override Problem? Apply(object record, TTarget target, string file, long line) => _apply(target, (TRecord)record, file, line);
}

/// <summary>Turns an <see cref="InputRow"/> into a record, or tells the first field problem of the line.</summary>
/// <typeparam name="TRecord">The record.</typeparam>
/// <param name="row">The row.</param>
/// <param name="record">The record, when the row is one.</param>
internal delegate FieldProblem? RowParser<TRecord>(InputRow row, out TRecord? record)
    where TRecord : class;
