using System.Reflection;
using CsPerf.IO;
using CsPerf.Synthetic;
using Xunit;

namespace CsPerf.Tests.Model;

/// <summary>Issue 10 item 1: namespaces match package names (docs/packaging.md "Namespaces").</summary>
public sealed class PackageNamespaceTests
{
    public static TheoryData<string, string, string[]> Packages() => new()
    {
        // An .Abstractions package shares the namespace of the package it abstracts (the Microsoft.Extensions convention).
        { typeof(CsPerfConfig).Assembly.GetName().Name!, "CsPerf.Engine.Abstractions", ["CsPerf.Engine"] },
        { typeof(CsPerfEngine).Assembly.GetName().Name!, "CsPerf.Engine", ["CsPerf.Engine"] },
        { typeof(DatasetReader).Assembly.GetName().Name!, "CsPerf.IO", ["CsPerf.IO"] },
        { typeof(SyntheticData).Assembly.GetName().Name!, "CsPerf.Synthetic", ["CsPerf.Synthetic"] },
        // AddCsPerf lives where .NET asks AddXxx extension methods to live.
        {
            typeof(CsPerf.Extensions.DependencyInjection.CsPerfOptions).Assembly.GetName().Name!, "CsPerf.Extensions.DependencyInjection",
            ["CsPerf.Extensions.DependencyInjection", "Microsoft.Extensions.DependencyInjection"]
        },
    };

    [Theory]
    [MemberData(nameof(Packages))]
    public void PublicTypes_LiveInTheirPackagesNamespace(string assembly, string package, string[] roots)
    {
        Assert.Equal(package, assembly);
        var misplaced = Assembly.Load(assembly).GetExportedTypes()
            .Where(t => !roots.Any(r => t.Namespace == r || (t.Namespace ?? "").StartsWith(r + ".", StringComparison.Ordinal)))
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(misplaced);
    }
}
