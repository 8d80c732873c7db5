namespace CsPerf.IO;

/// <summary>What stands at the path of an input file.</summary>
internal enum InputFileState : byte
{
    /// <summary>Nothing.</summary>
    Missing,

    /// <summary>A file (or a link to one).</summary>
    File,

    /// <summary>A folder where a file is expected: a folder-level problem, never silently skipped.</summary>
    Folder,
}

/// <summary>
/// The one place that tells whether an input file (dataset files, <c>roster.json</c>, <c>config.json</c>, payroll
/// inputs) is there, absent, or a folder in its place.
/// </summary>
internal static class InputFiles
{
    /// <summary>The problem of a folder standing where a file is expected.</summary>
    public const string NotAFile = "not a file";

    /// <summary>What stands at <paramref name="path"/>.</summary>
    public static InputFileState State(string path) =>
        File.Exists(path) ? InputFileState.File : Directory.Exists(path) ? InputFileState.Folder : InputFileState.Missing;
}
