namespace RLArena.Supervised.Diagnostics;

/// <summary>Resident memory of this process from /proc/self/status (Linux); 0 where that is not available.</summary>
public static class ProcessMemory
{
    /// <summary>Peak resident set size (VmHWM), in MiB.</summary>
    public static double PeakRssMegabytes() => Read("VmHWM:");

    /// <summary>Current resident set size (VmRSS), in MiB.</summary>
    public static double RssMegabytes() => Read("VmRSS:");

    private static double Read(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith(field, StringComparison.Ordinal)) continue;
                var parts = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return 0;
    }
}
