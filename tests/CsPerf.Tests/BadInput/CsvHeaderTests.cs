using CsPerf.IO;
using CsPerf.Tests.IO;
using Xunit;

namespace CsPerf.Tests.BadInput;

// contract.md "Bad input": never a silently dropped line. A CSV file whose header row cannot be parsed has no
// readable record, so --lenient cannot skip "the bad line" and keep the rest: the load stops, lenient too (found by
// the bad-input mutation suite; before, lenient counted one rejected line and silently dropped every record).
public class CsvHeaderTests
{
    [Theory]
    [InlineData("id,shop,\"customer,account,dir,at,text\nm1,s1,c1,a,in,2026-11-01T10:00:05Z,\"在吗\"\nm2,s1,c1,a,out,2026-11-01T10:00:15Z,hi\n")]
    [InlineData("\"id\"x,shop,customer,account,dir,at,text\nm1,s1,c1,a,in,2026-11-01T10:00:05Z,\"在吗\"\n")]
    [InlineData("id,shop,customer,account,dir,at,\"text\nm1,s1,c1,a,in,2026-11-01T10:00:05Z,hi\n")]
    public void Load_CsvHeaderNotParseable_StopsTheLoadInLenientModeToo(string csv)
    {
        using var ds = new TempDataset().WithText("messages.csv", csv);
        foreach (bool lenient in new[] { false, true })
        {
            var result = DatasetReader.Load(ds.Dir, CsPerfConfig.Default, lenient);
            Assert.Null(result.Dataset);
            var error = Assert.Single(result.Errors);
            Assert.Equal("messages.csv", error.File);
            Assert.Equal(1L, error.Line);
            Assert.Contains("header", error.Problem, StringComparison.Ordinal);
        }
    }
}
