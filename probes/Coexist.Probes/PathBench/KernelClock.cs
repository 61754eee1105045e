using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Coexist.Probes.PathBench;

/// <summary>
/// Round trips as the kernel timed them, the way ping does (it stamps the send in user space and takes the
/// reply's arrival time from the kernel, SO_TIMESTAMP). A program that blocks until the reply arrives is woken
/// some time after it did; on a virtual machine, whose idle CPUs sleep, that wake-up costs about 0.1 ms (measured
/// in the lab), more than a routed hop. For TCP the handshake's time comes from <see cref="TcpInfo"/>. Linux only;
/// elsewhere the callers fall back to their own stopwatch.
/// </summary>
internal static class KernelClock
{
    // <asm-generic/sockios.h>: SIOCGSTAMP (SIOCGSTAMP_OLD), the receive time of the last packet as a struct timeval.
    private const uint SiocGStamp = 0x8906;

    /// <summary>When the last datagram read from <paramref name="socket"/> reached this host, on the real-time clock; null where unknown.</summary>
    public static DateTime? LastReceiveTime(Socket socket)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess) return null;
        try
        {
            if (ioctl(socket.Handle, SiocGStamp, out var time) != 0) return null;
            return DateTime.UnixEpoch.AddTicks(time.Seconds * TimeSpan.TicksPerSecond + time.Microseconds * TimeSpan.TicksPerMicrosecond);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>struct timeval on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeVal
    {
        public long Seconds;
        public long Microseconds;
    }

    // DllImport rather than LibraryImport: the generated marshalling needs unsafe code, and a blittable out struct needs none.
    [DllImport("libc", SetLastError = true)]
    private static extern int ioctl(nint fd, nuint request, out TimeVal value);
}
