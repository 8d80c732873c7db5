using CsPerf.Cli;
using Xunit;

namespace CsPerf.Tests.Cli;

/// <summary>The huge-page hint's range (docs/performance.md "Huge pages"): the anonymous run around the heap, nothing else.</summary>
public class HugePagesTests
{
    private static readonly string[] Maps =
    [
        "55d0a0000000-55d0a0010000 r--p 00000000 fd:01 1234   /usr/bin/dotnet",
        "7f0000000000-7f0000200000 rw-p 00000000 00:00 0",
        "7f0000200000-7f0010000000 ---p 00000000 00:00 0",
        "7f0010000000-7f0010400000 rw-p 00000000 00:00 0 ",
        "7f0010400000-7f0020000000 ---p 00000000 00:00 0",
        "7f0020001000-7f0020002000 rw-p 00000000 00:00 0",
        "7f0030000000-7f0030001000 r-xp 00000000 fd:01 99     /usr/lib/libc.so.6",
        "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0      [stack]",
    ];

    [Fact]
    public void HeapRange_IsTheContiguousAnonymousRunHoldingTheAddress()
    {
        var (start, end) = HugePages.HeapRange(Maps, 0x7f0010001000);
        Assert.Equal(0x7f0000000000, start);
        Assert.Equal(0x7f0020000000, end); // stops at the gap before 7f0020001000
    }

    [Fact]
    public void HeapRange_OutsideAnonymousMemory_IsEmpty()
    {
        Assert.Equal((0L, 0L), HugePages.HeapRange(Maps, 0x55d0a0000100)); // a file mapping
        Assert.Equal((0L, 0L), HugePages.HeapRange(Maps, 0x7ffd00000100)); // the stack has a name
        Assert.Equal((0L, 0L), HugePages.HeapRange(Maps, 0x1000)); // unmapped
    }
}
