using System.Globalization;
using System.Runtime.InteropServices;

namespace CsPerf.Cli;

/// <summary>
/// Asks Linux for transparent huge pages on the managed heap's address range, when the system leaves them to the
/// program (<c>/sys/kernel/mm/transparent_hugepage/enabled</c> is <c>madvise</c>). A report touches a gigabyte of fresh
/// memory at 10M messages; with 4 KB pages that is 300,000 page faults, a quarter of the CPU on a virtual machine.
/// With 2 MB pages it is 600 (docs/performance.md, "Huge pages"). Only a hint: nothing changes where it is refused.
/// </summary>
internal static class HugePages
{
    private const int MadvHugePage = 14;

    /// <summary>Whether the hint is wanted: Linux, and not turned off with <c>CSPERF_HUGE_PAGES=0</c>.</summary>
    public static bool Wanted =>
        OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("CSPERF_HUGE_PAGES") != "0";

    /// <summary>
    /// Marks the contiguous anonymous mappings around the managed heap (the garbage collector's reserved range) as
    /// huge-page candidates. Returns the bytes marked, 0 when nothing was done.
    /// </summary>
    public static long Advise()
    {
        if (!Wanted || !MadviseMode())
        {
            return 0;
        }

        try
        {
            var probe = GC.AllocateUninitializedArray<byte>(64, pinned: true);
            long address = (long)Marshal.UnsafeAddrOfPinnedArrayElement(probe, 0);
            var (start, end) = HeapRange(File.ReadAllLines("/proc/self/maps"), address);
            GC.KeepAlive(probe);
            if (end <= start)
            {
                return 0;
            }

            return madvise((nint)start, (nuint)(end - start), MadvHugePage) == 0 ? end - start : 0;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static bool MadviseMode()
    {
        try
        {
            return File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled").Contains("[madvise]", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// The run of adjacent anonymous mappings (no path) of a <c>/proc/self/maps</c> listing that holds
    /// <paramref name="address"/>; (0, 0) when none does.
    /// </summary>
    internal static (long Start, long End) HeapRange(IReadOnlyList<string> maps, long address)
    {
        var starts = new long[maps.Count];
        var ends = new long[maps.Count];
        var anonymous = new bool[maps.Count];
        int at = -1;
        for (int i = 0; i < maps.Count; i++)
        {
            var line = maps[i].AsSpan();
            int dash = line.IndexOf('-');
            int space = line.IndexOf(' ');
            if (dash <= 0 || space <= dash
                || !long.TryParse(line[..dash], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out starts[i])
                || !long.TryParse(line[(dash + 1)..space], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ends[i]))
            {
                return (0, 0);
            }

            // Fields: range, perms, offset, device, inode, [path]; anonymous mappings have inode 0 and no path.
            var fields = maps[i].Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            anonymous[i] = fields.Length == 5 && fields[4] == "0";
            if (starts[i] <= address && address < ends[i])
            {
                at = i;
            }
        }

        if (at < 0 || !anonymous[at])
        {
            return (0, 0);
        }

        int first = at, last = at;
        while (first > 0 && anonymous[first - 1] && ends[first - 1] == starts[first])
        {
            first--;
        }

        while (last + 1 < maps.Count && anonymous[last + 1] && starts[last + 1] == ends[last])
        {
            last++;
        }

        return (starts[first], ends[last]);
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // DllImport, not LibraryImport: the project has no unsafe code to generate marshalling into.
    private static extern int madvise(nint address, nuint length, int advice);
#pragma warning restore SYSLIB1054
}
