namespace RLArena.Environments.Checking;

/// <summary>
/// <see cref="EnvChecker"/>'s check of <see cref="ISnapshotEnvironment"/>: an environment is played for a while with
/// random actions, its snapshot is saved and loaded into a fresh copy, and both are then stepped with the same random
/// actions (resetting without a seed when an episode ends). Every observation, reward, flag and mask must match.
/// </summary>
internal static class SnapshotCheck
{
    public const string Name = "a loaded snapshot continues identically";

    /// <summary>Random steps taken before the snapshot, so it is taken mid-stream rather than at a reset.</summary>
    private const int StepsBeforeSnapshot = 37;

    public static void Run(IEnvironment original, Func<IEnvironment> factory, EnvCheckOptions options, List<string> problems, List<string> notes)
    {
        var actions = new CheckerActions(original, options, Randomness.Pcg64.FromSeed(options.Seed));
        var obs = new float[original.ObservationSpace.Size];
        var mask = new bool[original.ActionSpace.N];
        original.Reset(options.Seed, obs);
        for (var t = 0; t < StepsBeforeSnapshot; t++)
        {
            original.WriteActionMask(mask);
            if (actions.Step(original, obs, mask).Done) original.Reset(null, obs);
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            ((ISnapshotEnvironment)original).SaveSnapshot(writer);
        var copy = factory();
        if (copy is not ISnapshotEnvironment loader)
        {
            problems.Add("a second copy from the same factory does not implement ISnapshotEnvironment");
            return;
        }
        stream.Position = 0;
        using (var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            loader.LoadSnapshot(reader);
        if (stream.Position != stream.Length)
            notes.Add($"LoadSnapshot read {stream.Position} of the {stream.Length} bytes SaveSnapshot wrote");

        if (Compare(original, copy, options, actions, obs, problems) is { } steps)
            notes.Add($"snapshot of {stream.Length} bytes taken after {StepsBeforeSnapshot} steps; {steps} steps after loading matched");
    }

    /// <summary>Steps both environments in lockstep; returns the steps compared, or null after recording the first difference.</summary>
    private static int? Compare(IEnvironment original, IEnvironment copy, EnvCheckOptions options, CheckerActions actions, float[] obs,
        List<string> problems)
    {
        var copyObs = new float[obs.Length];
        var mask = new bool[original.ActionSpace.N];
        var copyMask = new bool[mask.Length];
        for (var t = 1; t <= options.SnapshotSteps; t++)
        {
            original.WriteActionMask(mask);
            copy.WriteActionMask(copyMask);
            if (!mask.AsSpan().SequenceEqual(copyMask))
                return Differ(problems, t, "the action masks", Text(mask), Text(copyMask));
            actions.Choose(obs, mask);
            var expected = actions.Apply(original, obs);
            var actual = actions.Apply(copy, copyObs);
            if (expected != actual)
                return Differ(problems, t, "the reward and flags", expected.ToString(), actual.ToString());
            if (!obs.AsSpan().SequenceEqual(copyObs))
                return Differ(problems, t, "the observations", Text(obs), Text(copyObs));
            if (!expected.Done) continue;
            original.Reset(null, obs);
            copy.Reset(null, copyObs);
            if (!obs.AsSpan().SequenceEqual(copyObs))
                return Differ(problems, t, "the observations after the unseeded reset that followed", Text(obs), Text(copyObs));
        }
        return options.SnapshotSteps;
    }

    private static int? Differ(List<string> problems, int step, string what, string expected, string actual)
    {
        problems.Add($"step {step} after loading the snapshot into a fresh copy: {what} differ (original {expected}, copy {actual}); the snapshot misses some state");
        return null;
    }

    private static string Text<T>(T[] values) =>
        "[" + string.Join(", ", values.Take(6)) + (values.Length > 6 ? ", ..." : "") + "]";
}
