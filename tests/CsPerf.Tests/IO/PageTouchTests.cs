using CsPerf.Engine.Storage;
using Xunit;

namespace CsPerf.Tests.IO;

// Issue 11 item 1: parse workers take the page faults of the builder's columns ahead of the interning thread; the
// touch must never change a value, even while another thread writes the same array.
public class PageTouchTests
{
    [Fact]
    public void PageTouch_WhileAnotherThreadWrites_ChangesNoValue()
    {
        const int n = 3_000_000;
        var longs = new long[n];
        var bytes = new byte[n];
        var writer = new Thread(() =>
        {
            for (int i = 0; i < n; i++)
            {
                longs[i] = i + 1;
                bytes[i] = (byte)(i % 255 + 1);
            }
        });
        writer.Start();
        for (int from = 0; from < n; from += 5_000)
        {
            PageTouch.Range(longs, from, from + 5_000);
            PageTouch.Range(bytes, from, from + 5_000);
        }

        writer.Join();
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(i + 1, longs[i]);
            Assert.Equal((byte)(i % 255 + 1), bytes[i]);
        }
    }

    [Fact]
    public void PageTouch_RangesOutsideTheArray_AreClamped()
    {
        var ints = new int[10];
        ints[9] = 7;
        PageTouch.Range(ints, -5, 100);
        PageTouch.Range(ints, 20, 30);
        PageTouch.Range(new byte[3], 0, 3);
        Assert.Equal(7, ints[9]);
    }
}
