namespace RLArena.Sweeps.Slurm;

/// <summary>
/// Guesses whether the compute nodes can see a sweep directory, before jobs are submitted that would otherwise fail
/// without a trace. The heuristics, in order:
/// <list type="number">
/// <item>every node of the cluster is this machine (a one-node cluster): any folder is shared;</item>
/// <item>under <c>/tmp</c>, <c>/var/tmp</c>, <c>/dev/shm</c> or <c>/run</c>, or on a tmpfs/ramfs mount: local to
/// each machine, so a warning;</item>
/// <item>on a network or cluster filesystem (nfs, lustre, gpfs, beegfs, cephfs, cifs, glusterfs, panfs, weka,
/// fuse-based ones...): shared;</item>
/// <item>on a local disk filesystem (ext4, xfs, btrfs, zfs...): a softer warning, since the login node may export it.</item>
/// </list>
/// It warns and never refuses: a cluster can mount things in ways no heuristic sees.
/// </summary>
public static class SharedFilesystemCheck
{
    private static readonly string[] LocalOnlyFolders = ["/tmp", "/var/tmp", "/dev/shm", "/run"];
    private static readonly string[] LocalOnlyTypes = ["tmpfs", "ramfs", "devtmpfs"];
    private static readonly string[] SharedTypes =
        ["nfs", "nfs4", "lustre", "gpfs", "beegfs", "cephfs", "ceph", "cifs", "smb3", "smbfs", "glusterfs", "panfs", "wekafs", "9p", "afs", "ocfs2", "gfs2", "cvfs", "pvfs2", "orangefs", "quobyte"];

    /// <summary>A one-line warning about <paramref name="directory"/>, or null when it looks shared.</summary>
    /// <param name="directory">The sweep directory (absolute or relative).</param>
    /// <param name="nodeNames">The cluster's node host names (from <c>sinfo</c>), or null when unknown.</param>
    /// <param name="mountInfo">The text of <c>/proc/self/mountinfo</c>, or null to read it (or to skip the mount
    /// check where it does not exist).</param>
    public static string? Warning(string directory, IReadOnlyCollection<string>? nodeNames, string? mountInfo = null)
    {
        var path = Path.GetFullPath(directory);
        if (nodeNames is { Count: > 0 } && nodeNames.All(IsThisMachine)) return null;
        if (LocalOnlyFolders.Any(f => path == f || path.StartsWith(f + "/", StringComparison.Ordinal)))
            return $"warning: the sweep directory {path} is under {LocalOnlyFolders.First(f => path == f || path.StartsWith(f + "/", StringComparison.Ordinal))}, which each machine has for itself; the compute nodes will not see it. Put the sweep on the cluster's shared filesystem (--dir ~/sweeps/NAME or your project/scratch space).";
        mountInfo ??= File.Exists("/proc/self/mountinfo") ? File.ReadAllText("/proc/self/mountinfo") : null;
        if (mountInfo is null) return null;
        var type = FilesystemType(path, mountInfo);
        if (type is null) return null;
        if (LocalOnlyTypes.Contains(type))
            return $"warning: the sweep directory {path} is on a {type} mount, which lives in this machine's memory; the compute nodes will not see it. Put the sweep on the cluster's shared filesystem.";
        if (SharedTypes.Contains(type) || type.StartsWith("fuse", StringComparison.Ordinal) || type.StartsWith("nfs", StringComparison.Ordinal)) return null;
        return $"warning: the sweep directory {path} is on a local {type} disk; unless this machine exports it to the compute nodes, their jobs will fail without output. Clusters usually share /home and a project or scratch space.";
    }

    /// <summary>The filesystem type of the mount that holds <paramref name="path"/> (the longest mount point that is a
    /// prefix of it), from the text of <c>/proc/self/mountinfo</c>; null when none matches.</summary>
    /// <param name="path">An absolute path.</param>
    /// <param name="mountInfo">mountinfo's text: "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [TAGS] - TYPE SOURCE SUPER".</param>
    public static string? FilesystemType(string path, string mountInfo)
    {
        string? best = null, bestType = null;
        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            var dash = Array.IndexOf(fields, "-");
            if (fields.Length < 5 || dash < 0 || dash + 1 >= fields.Length) continue;
            var mountPoint = fields[4].Replace("\\040", " ");
            var covers = mountPoint == "/" || path == mountPoint || path.StartsWith(mountPoint + "/", StringComparison.Ordinal);
            if (covers && (best is null || mountPoint.Length >= best.Length)) { best = mountPoint; bestType = fields[dash + 1]; }
        }
        return bestType;
    }

    private static bool IsThisMachine(string node)
    {
        var host = System.Net.Dns.GetHostName();
        var shortHost = host.Split('.')[0];
        return node.Equals(host, StringComparison.OrdinalIgnoreCase) || node.Equals(shortHost, StringComparison.OrdinalIgnoreCase)
            || node is "localhost" or "127.0.0.1";
    }
}
