using System.Globalization;
using System.Text;

namespace RLArena.Sweeps.Slurm;

/// <summary>The <c>--array</c> value for a set of task numbers: runs of consecutive numbers become ranges
/// (<c>0-5,7,9-10</c>), so the array task id Slurm hands each task is the sweep's own task number.</summary>
public static class ArraySpec
{
    /// <summary>Formats the task numbers (any order, duplicates ignored) as Slurm's array list, with an optional
    /// <c>%N</c> limit on how many run at once.</summary>
    /// <param name="tasks">Task numbers, each 0 or more; at least one.</param>
    /// <param name="maxRunning">The most tasks that may run at once, or null for no limit.</param>
    public static string Format(IEnumerable<int> tasks, int? maxRunning = null)
    {
        var sorted = tasks.Distinct().Order().ToList();
        if (sorted.Count == 0) throw new ArgumentException("an array needs at least one task", nameof(tasks));
        if (sorted[0] < 0) throw new ArgumentOutOfRangeException(nameof(tasks), "task numbers start at 0");
        var text = new StringBuilder();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            if (text.Length > 0) text.Append(',');
            text.Append(sorted[i].ToString(CultureInfo.InvariantCulture));
            if (j > i) text.Append('-').Append(sorted[j].ToString(CultureInfo.InvariantCulture));
            i = j + 1;
        }
        if (maxRunning is int limit) text.Append('%').Append(limit.ToString(CultureInfo.InvariantCulture));
        return text.ToString();
    }

    /// <summary>The task numbers in an array list written by <see cref="Format"/> (a <c>%N</c> suffix is ignored).</summary>
    /// <param name="spec">For example <c>0-5,7,9-10%4</c>.</param>
    public static IReadOnlyList<int> Parse(string spec)
    {
        var list = new List<int>();
        foreach (var part in spec.Split('%')[0].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var bounds = part.Split('-');
            int first = int.Parse(bounds[0], CultureInfo.InvariantCulture);
            int last = bounds.Length > 1 ? int.Parse(bounds[1], CultureInfo.InvariantCulture) : first;
            for (int t = first; t <= last; t++) list.Add(t);
        }
        return list;
    }
}
