using System.Text;

namespace RLArena.Environments.Authoring;

/// <summary>
/// Keys for a game that declares no <see cref="GameAgent.PlayControls"/>: turn-based (one step per key press), an
/// action whose name contains "left", "right", "up" or "down" gets that arrow key, one named "fire", "jump" or
/// "shoot" gets Space, and the others get 1-4, then Q E Z X C W A S D and Enter, in action order. Actions beyond the
/// available keys get none (the help says so).
/// </summary>
public static class DefaultPlayControls
{
    private static readonly (string Word, PlayKey Key)[] Words =
    [
        ("left", PlayKey.Left), ("right", PlayKey.Right), ("up", PlayKey.Up), ("down", PlayKey.Down),
        ("fire", PlayKey.Space), ("jump", PlayKey.Space), ("shoot", PlayKey.Space),
    ];

    private static readonly PlayKey[] Spare =
    [
        PlayKey.Digit1, PlayKey.Digit2, PlayKey.Digit3, PlayKey.Digit4, PlayKey.Q, PlayKey.E, PlayKey.Z, PlayKey.X,
        PlayKey.C, PlayKey.W, PlayKey.A, PlayKey.S, PlayKey.D, PlayKey.Enter,
    ];

    /// <summary>The controls for <paramref name="actionCount"/> actions named <paramref name="actionNames"/> (may be empty).</summary>
    public static PlayControls For(int actionCount, IReadOnlyList<string> actionNames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 1);
        ArgumentNullException.ThrowIfNull(actionNames);
        var keys = new PlayKey?[actionCount];
        var used = new HashSet<PlayKey>();
        for (var a = 0; a < actionCount && a < actionNames.Count; a++)
        {
            var name = actionNames[a].ToLowerInvariant();
            foreach (var (word, key) in Words)
            {
                if (name.Contains(word, StringComparison.Ordinal) && used.Add(key))
                {
                    keys[a] = key;
                    break;
                }
            }
        }
        var spare = Spare.Where(k => !used.Contains(k)).GetEnumerator();
        for (var a = 0; a < actionCount; a++)
        {
            if (keys[a] is null && spare.MoveNext()) keys[a] = spare.Current;
        }

        var bindings = new List<KeyBinding>();
        var help = new List<string>();
        for (var a = 0; a < actionCount; a++)
        {
            if (keys[a] is not { } key) continue;
            bindings.Add(new KeyBinding(key, a));
            var name = a < actionNames.Count ? Ascii(actionNames[a]) : $"action {a}";
            help.Add($"{Label(key)}: {name}");
        }
        if (bindings.Count < actionCount) help.Add($"actions {bindings.Count}..{actionCount - 1}: no key");
        return new PlayControls(RealTime: false, bindings, IdleActions: [], string.Join("|", help));
    }

    /// <summary>How a key is written in help texts: "Left", "1", "Q".</summary>
    public static string Label(PlayKey key) => key switch
    {
        >= PlayKey.Digit1 and <= PlayKey.Digit4 => ((int)(key - PlayKey.Digit1) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => key.ToString(),
    };

    private static string Ascii(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text) builder.Append(c is >= ' ' and <= '~' && c != '|' ? c : '?');
        return builder.ToString();
    }
}
