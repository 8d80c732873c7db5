namespace CsPerf.Orleans.Tests;

/// <summary>docs/packaging.md "Namespaces": CsPerf.Orleans's public types live in its namespace, AddCsPerf in Orleans.Hosting.</summary>
public sealed class PackageNamespaceTests
{
    [Fact]
    public void PublicTypes_LiveInThePackagesNamespace()
    {
        var assembly = typeof(CsPerfCoordinator).Assembly;
        Assert.Equal("CsPerf.Orleans", assembly.GetName().Name);
        // OrleansCodeGen: the serializers and proxies Orleans' source generator writes (public, hidden from IntelliSense).
        string[] roots = ["CsPerf.Orleans", "Orleans.Hosting", "OrleansCodeGen"];
        var misplaced = assembly.GetExportedTypes()
            .Where(t => !roots.Any(r => t.Namespace == r || (t.Namespace ?? "").StartsWith(r + ".", StringComparison.Ordinal)))
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(misplaced);
        Assert.Equal("Orleans.Hosting", typeof(global::Orleans.Hosting.CsPerfHostingExtensions).Namespace);
    }
}
