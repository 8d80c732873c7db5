using FsCheck;
using FsCheck.Fluent;

namespace CsPerf.Tests;

public class Smoke
{
    [Xunit.Fact]
    public void FsCheck_Runs() => Prop.ForAll<int>(x => x + 0 == x).QuickCheckThrowOnFailure();
}
