using System.Globalization;

namespace RLArena.Environments.Checking;

/// <summary>
/// <see cref="EnvChecker"/>'s check of <see cref="IEnvironment.Metadata"/>: a display name, no action names or exactly
/// one per action, a finite positive watch speed, and play keys and idle actions that are actions of the space.
/// </summary>
internal static class MetadataCheck
{
    public const string Name = "metadata fits the spaces";

    public static void Run(IEnvironment env, List<string> problems, List<string> notes)
    {
        var metadata = env.Metadata;
        if (metadata is null)
        {
            problems.Add("Metadata is null; return EnvMetadata.Default(this) or a filled-in EnvMetadata");
            return;
        }
        if (env.ContinuousActionSpace is { } box && metadata.Play is { } continuousPlay) CheckContinuousPlay(continuousPlay, box, problems);
        if (env.ContinuousActionSpace is null && metadata.Play is { ContinuousActions.Count: > 0 })
            problems.Add("Play lists ContinuousActions but the environment's actions are discrete; leave ContinuousActions empty");
        var actions = metadata.Play?.ActionCount(env) ?? env.ActionSpace.N;
        if (string.IsNullOrWhiteSpace(metadata.DisplayName)) problems.Add("DisplayName is empty");
        CheckActionNames(metadata, actions, problems);
        if (!double.IsFinite(metadata.StepsPerSecond) || metadata.StepsPerSecond <= 0)
            problems.Add($"StepsPerSecond is {Number(metadata.StepsPerSecond)}; it must be a finite number above 0");
        if (metadata.Play is { } play) CheckPlay(play, actions, problems);
        if (problems.Count > 0) return;

        notes.Add($"'{metadata.DisplayName}', {(metadata.ActionNames.Count == 0 ? "numbered actions" : "named actions")}, {Number(metadata.StepsPerSecond)} steps/s");
        notes.Add(metadata.Play is null
            ? "no play keys"
            : $"{metadata.Play.Bindings.Count} play keys, {(metadata.Play.RealTime ? "real time" : "turn based")}");
    }

    private static void CheckActionNames(EnvMetadata metadata, int actions, List<string> problems)
    {
        var names = metadata.ActionNames;
        if (names is null)
        {
            problems.Add("ActionNames is null; leave it empty for numbered actions");
            return;
        }
        if (names.Count != 0 && names.Count != actions)
            problems.Add($"ActionNames has {names.Count} names for {actions} actions; give exactly {actions} or none");
        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i])) problems.Add($"ActionNames[{i}] is empty");
        }
    }

    private static void CheckPlay(PlayControls play, int actions, List<string> problems)
    {
        if (play.Bindings is null || play.Bindings.Count == 0)
        {
            problems.Add("Play declares no key bindings; bind at least one key, or leave Play null when it cannot be played by hand");
            return;
        }
        var seen = new HashSet<PlayKey>();
        foreach (var binding in play.Bindings)
        {
            if (!Enum.IsDefined(binding.Key)) problems.Add($"Play binds an unknown key ({(int)binding.Key})");
            else if (!seen.Add(binding.Key)) problems.Add($"Play binds {binding.Key} twice; the first binding wins, so the second is never used");
            if (binding.Action < 0 || binding.Action >= actions)
                problems.Add($"Play binds {binding.Key} to action {binding.Action}, outside the {actions} actions (0..{actions - 1})");
        }
        foreach (var idle in play.IdleActions ?? [])
        {
            if (idle < 0 || idle >= actions)
                problems.Add($"Play's idle action {idle} is outside the {actions} actions (0..{actions - 1})");
        }
        if (play.Help is null) problems.Add("Play.Help is null; give a key help line such as \"arrows move|R reset, Esc quit\"");
    }

    private static void CheckContinuousPlay(PlayControls play, Spaces.BoxSpace box, List<string> problems)
    {
        if (play.ContinuousActions is null || play.ContinuousActions.Count == 0)
        {
            problems.Add("the actions are continuous but Play lists no ContinuousActions; list the fixed action values its keys take (e.g. [[-2], [0], [2]])");
            return;
        }
        for (var i = 0; i < play.ContinuousActions.Count; i++)
        {
            var values = play.ContinuousActions[i];
            if (values is null || values.Length != box.Size)
                problems.Add($"Play's ContinuousActions[{i}] has {values?.Length ?? 0} values; the action space {box.Describe()} needs {box.Size}");
            else if (!box.Contains(values))
                problems.Add($"Play's ContinuousActions[{i}] [{string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}] is outside the action space {box.Describe()}");
        }
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
