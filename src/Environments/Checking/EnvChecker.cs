using RLArena.Environments.Randomness;

namespace RLArena.Environments.Checking;

/// <summary>
/// Gymnasium's <c>check_env</c> for <see cref="IEnvironment"/>: spaces are well formed, every observation lies in the
/// observation space, masks allow at least one action, the same seed gives the same episode, a reset without a seed
/// continues the stream, out-of-range actions and stepping a finished episode throw the documented exceptions,
/// episodes end no later than the time limit (truncated exactly there when they get that far), the metadata fits the
/// spaces (<see cref="MetadataCheck"/>), and where the environment has snapshots, a loaded snapshot continues
/// identically (<see cref="SnapshotCheck"/>). Each check is one <see cref="EnvCheckResult"/> of the report; an
/// exception from the environment inside a check is that check's problem, not a crash.
/// <para>Continuous (Box) actions: the action space must be bounded and the discrete one <see cref="Spaces.DiscreteSpace.None"/>;
/// an integer step must throw <see cref="NotSupportedException"/>, NaN and wrong-sized actions
/// <see cref="ArgumentException"/>; rollouts use random actions within the bounds; and the report notes what an
/// out-of-bounds action does (clipped to the bounds, refused, or passed through), which the environment should document.</para>
/// </summary>
public static class EnvChecker
{
    /// <summary>Runs every check on fresh environments from <paramref name="factory"/>; throws if any fails.</summary>
    public static EnvCheckReport Check(Func<IEnvironment> factory, EnvCheckOptions? options = null)
    {
        var report = Run(factory, options);
        if (!report.Passed) throw new EnvCheckException(report);
        return report;
    }

    /// <summary>The names of the checks, in the order they run and are reported.</summary>
    public static IReadOnlyList<string> CheckNames { get; } =
    [
        SpacesCheck, ErrorsCheck, DeterminismCheck, RolloutsCheck, SceneCheck, MetadataCheck.Name, SnapshotCheck.Name,
    ];

    private const string SpacesCheck = "spaces are well formed";
    private const string ErrorsCheck = "misuse throws the documented exceptions";
    private const string DeterminismCheck = "the same seed gives the same episodes";
    private const string RolloutsCheck = "rollouts stay in the spaces and keep the time limit";
    private const string SceneCheck = "Describe() returns a scene to draw";

    /// <summary>Runs every check and reports each one's result instead of throwing.</summary>
    public static EnvCheckReport Run(Func<IEnvironment> factory, EnvCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        options ??= new EnvCheckOptions();
        var env = factory();
        var id = env.Id;
        var checks = new List<EnvCheckResult> { Guarded(SpacesCheck, (problems, notes) => CheckSpaces(env, problems, notes)) };
        if (!checks[0].Passed)
        {
            checks.AddRange(CheckNames.Skip(1).Select(name => EnvCheckResult.Skip(name, "skipped: the spaces are broken")));
            return new EnvCheckReport(id, checks);
        }
        checks.Add(Guarded(ErrorsCheck, (problems, notes) => CheckErrors(factory(), problems, notes)));
        checks.Add(Guarded(DeterminismCheck, (problems, notes) => CheckDeterminism(factory, options, problems, notes)));
        checks.Add(Guarded(RolloutsCheck, (problems, notes) => CheckRollouts(env, options, problems, notes)));
        checks.Add(Guarded(SceneCheck, (problems, notes) => CheckScene(env, problems, notes)));
        checks.Add(Guarded(MetadataCheck.Name, (problems, notes) => MetadataCheck.Run(factory(), problems, notes)));
        var fresh = factory();
        checks.Add(fresh is ISnapshotEnvironment { CanSnapshot: true }
            ? Guarded(SnapshotCheck.Name, (problems, notes) => SnapshotCheck.Run(fresh, factory, options, problems, notes))
            : EnvCheckResult.Skip(SnapshotCheck.Name, SnapshotSkipReason(fresh)));
        return new EnvCheckReport(id, checks);
    }

    private static string SnapshotSkipReason(IEnvironment env)
    {
        if (env is ISnapshotEnvironment)
            return $"skipped: its wrappers could save their state, but the environment inside does not implement {nameof(ISnapshotEnvironment)}";
        var reason = $"skipped: it does not implement {nameof(ISnapshotEnvironment)}";
        return env.Find<ISnapshotEnvironment>() is { } inner
            ? $"{reason} (the wrapped {inner.GetType().Name} does, but a wrapper around it does not, so its whole state cannot be saved)"
            : reason;
    }

    /// <summary>Runs one check; an exception the environment throws becomes the check's problem.</summary>
    private static EnvCheckResult Guarded(string name, Action<List<string>, List<string>> check)
    {
        var problems = new List<string>();
        var notes = new List<string>();
        try
        {
            check(problems, notes);
        }
        catch (Exception e)
        {
            problems.Add($"the environment threw {e.GetType().Name}: {e.Message}");
        }
        return new EnvCheckResult(name, problems, notes);
    }

    private static void CheckSpaces(IEnvironment env, List<string> problems, List<string> notes)
    {
        var box = env.ObservationSpace;
        if (box is null || env.ActionSpace is null)
        {
            problems.Add("the observation or action space is null");
            return;
        }
        if (box.Shape.Length == 0 || box.Shape.Any(d => d < 1)) problems.Add($"observation shape ({string.Join(", ", box.Shape)}) has no elements or a non-positive dimension");
        for (var i = 0; i < box.Size; i++)
        {
            if (float.IsNaN(box.Low[i]) || float.IsNaN(box.High[i]) || box.Low[i] > box.High[i])
            {
                problems.Add($"observation bounds at {i} are not an interval: [{box.Low[i]}, {box.High[i]}]");
                break;
            }
        }
        if (env.ContinuousActionSpace is { } actions)
        {
            if (env.ActionSpace.N != 0) problems.Add($"it declares both continuous actions {actions.Describe()} and discrete ones {env.ActionSpace}; return DiscreteSpace.None from ActionSpace");
            if (actions.Shape.Length == 0 || actions.Shape.Any(d => d < 1)) problems.Add($"action shape ({string.Join(", ", actions.Shape)}) has no elements or a non-positive dimension");
            else if (!actions.IsBounded) problems.Add($"the continuous action space {actions.Describe()} has an infinite bound; give finite bounds (a policy samples and clips within them)");
        }
        else if (env.ActionSpace.N < 1) problems.Add($"action space {env.ActionSpace} is empty; an environment with continuous actions sets ContinuousActionSpace");
        if (string.IsNullOrWhiteSpace(env.Id)) problems.Add("the id is empty");
        if (problems.Count == 0) notes.Add($"observations ({string.Join(", ", box.Shape)}), actions {env.DescribeActionSpace()}");
    }

    private static void CheckErrors(IEnvironment env, List<string> problems, List<string> notes)
    {
        if (env.ContinuousActionSpace is not null)
        {
            CheckContinuousErrors(env, problems, notes);
            return;
        }
        var obs = new float[env.ObservationSpace.Size];
        Expect<InvalidOperationException>(() => env.Step(0, obs), "Step before any Reset", problems);
        env.Reset(0, obs);
        Expect<ArgumentOutOfRangeException>(() => env.Step(-1, obs), "Step(-1)", problems);
        Expect<ArgumentOutOfRangeException>(() => env.Step(env.ActionSpace.N, obs), $"Step({env.ActionSpace.N})", problems);
        Expect<ArgumentException>(() => env.Step(0, new float[obs.Length + 1]), "Step with a wrong-sized observation buffer", problems);
        Expect<ArgumentException>(() => env.Reset(0, new float[Math.Max(0, obs.Length - 1)]), "Reset with a wrong-sized observation buffer", problems);
        Expect<ArgumentException>(() => env.WriteActionMask(new bool[env.ActionSpace.N + 1]), "WriteActionMask with a wrong-sized buffer", problems);
        if (problems.Count == 0) notes.Add("stepping before a reset, out-of-range actions and wrong-sized buffers are refused");
    }

    private static void CheckContinuousErrors(IEnvironment env, List<string> problems, List<string> notes)
    {
        var box = env.ContinuousActionSpace!;
        var obs = new float[env.ObservationSpace.Size];
        var middle = new float[box.Size];
        for (var i = 0; i < middle.Length; i++) middle[i] = box.Low[i] / 2 + box.High[i] / 2;
        Expect<InvalidOperationException>(() => env.Step(middle, obs), "Step before any Reset", problems);
        env.Reset(0, obs);
        Expect<NotSupportedException>(() => env.Step(0, obs), "an integer Step on continuous actions", problems);
        var nan = (float[])middle.Clone();
        nan[0] = float.NaN;
        Expect<ArgumentException>(() => env.Step(nan, obs), "Step with a NaN action", problems);
        Expect<ArgumentException>(() => env.Step(new float[box.Size + 1], obs), "Step with a wrong-sized action", problems);
        Expect<ArgumentException>(() => env.Step(middle, new float[obs.Length + 1]), "Step with a wrong-sized observation buffer", problems);
        Expect<ArgumentException>(() => env.Reset(0, new float[Math.Max(0, obs.Length - 1)]), "Reset with a wrong-sized observation buffer", problems);
        Expect<ArgumentException>(() => env.WriteActionMask(new bool[1]), "WriteActionMask with a non-empty buffer (continuous actions have no mask)", problems);
        if (problems.Count == 0) notes.Add("stepping before a reset, integer, NaN and wrong-sized actions and wrong-sized buffers are refused");
        notes.Add(OutOfBoundsBehaviour(env, box));
    }

    /// <summary>What an action beyond the upper bounds does: refused, clipped (same result as the bounds, where a snapshot shows it), or passed through.</summary>
    private static string OutOfBoundsBehaviour(IEnvironment env, Spaces.BoxSpace box)
    {
        var obs = new float[env.ObservationSpace.Size];
        var beyond = new float[box.Size];
        for (var i = 0; i < beyond.Length; i++) beyond[i] = box.High[i] + Math.Max(1f, Math.Abs(box.High[i] - box.Low[i]));
        env.Reset(0, obs);
        byte[]? snapshot = null;
        if (env is ISnapshotEnvironment { CanSnapshot: true } saver)
        {
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) saver.SaveSnapshot(writer);
            snapshot = stream.ToArray();
        }
        StepOutcome outOfBounds;
        try
        {
            outOfBounds = env.Step(beyond, obs);
        }
        catch (ArgumentException)
        {
            return "out-of-bounds actions are refused with ArgumentException";
        }
        if (snapshot is null) return "out-of-bounds actions are accepted (no snapshot to tell whether they are clipped; document what the environment does)";
        var afterBeyond = (float[])obs.Clone();
        using (var reader = new BinaryReader(new MemoryStream(snapshot))) ((ISnapshotEnvironment)env).LoadSnapshot(reader);
        var atBounds = env.Step((float[])box.High.Clone(), obs);
        return afterBeyond.AsSpan().SequenceEqual(obs) && atBounds.Terminated == outOfBounds.Terminated
            ? $"out-of-bounds actions are clipped to the bounds (the next state equals the one at the bounds{(atBounds.Reward == outOfBounds.Reward ? "" : "; the reward differs, so it sees the action as given")})"
            : "out-of-bounds actions are passed through unclipped (the next state differs from the one at the bounds); document it, or clip";
    }

    private static void CheckDeterminism(Func<IEnvironment> factory, EnvCheckOptions options, List<string> problems, List<string> notes)
    {
        var a = Trace(factory(), options.Seed, options);
        var b = Trace(factory(), options.Seed, options);
        if (!a.SequenceEqual(b)) problems.Add($"two fresh environments reset with seed {options.Seed} and given the same actions produced different episodes");

        // Re-seeding the same instance must restart the same sequence, whatever happened before.
        var env = factory();
        Trace(env, options.Seed + 1, options);
        var c = Trace(env, options.Seed, options);
        if (!a.SequenceEqual(c)) problems.Add($"resetting a used environment with seed {options.Seed} did not reproduce a fresh environment's episodes");

        var firsts = new HashSet<string>();
        var probe = factory();
        var obs = new float[probe.ObservationSpace.Size];
        for (var s = 0; s < 8; s++)
        {
            probe.Reset(options.Seed + s, obs);
            firsts.Add(string.Join(",", obs));
        }
        if (firsts.Count == 1) notes.Add("every seed gives the same first observation");
        else notes.Add("seeds vary the first observation");
    }

    /// <summary>One seeded reset, then unseeded resets: every observation, mask, reward and flag as text.</summary>
    private static List<string> Trace(IEnvironment env, int seed, EnvCheckOptions options)
    {
        var trace = new List<string>();
        var obs = new float[env.ObservationSpace.Size];
        var mask = new bool[env.ActionSpace.N];
        var actions = new CheckerActions(env, options, Pcg64.FromSeed(seed));
        for (var episode = 0; episode < 3; episode++)
        {
            env.Reset(episode == 0 ? seed : null, obs);
            env.WriteActionMask(mask);
            trace.Add("reset " + string.Join(",", obs) + " " + string.Join(",", mask));
            for (var t = 0; t < options.MaxStepsPerEpisode; t++)
            {
                var outcome = actions.Step(env, obs, mask);
                env.WriteActionMask(mask);
                trace.Add($"{actions} {outcome} {string.Join(",", obs)} {string.Join(",", mask)}");
                if (outcome.Done || t >= 300) break;
            }
        }
        return trace;
    }

    private static void CheckRollouts(IEnvironment env, EnvCheckOptions options, List<string> problems, List<string> notes)
    {
        var limit = EffectiveTimeLimit(env);
        var obs = new float[env.ObservationSpace.Size];
        var mask = new bool[env.ActionSpace.N];
        var actions = new CheckerActions(env, options, Pcg64.FromSeed(options.Seed));
        var truncatedAtLimit = 0;
        var lengths = new List<int>();
        for (var episode = 0; episode < options.Episodes; episode++)
        {
            env.Reset(episode == 0 ? options.Seed : null, obs);
            if (!InSpace(env, obs, "the reset observation", problems)) return;
            if (!MaskOk(env, mask, "after reset", problems)) return;
            var steps = 0;
            while (true)
            {
                var outcome = actions.Step(env, obs, mask);
                steps++;
                if (!InSpace(env, obs, $"the observation after step {steps}", problems)) return;
                if (!double.IsFinite(outcome.Reward))
                {
                    problems.Add($"step {steps} returned a non-finite reward {outcome.Reward}");
                    return;
                }
                if (!MaskOk(env, mask, $"after step {steps}", problems)) return;
                if (limit is { } max)
                {
                    if (steps > max)
                    {
                        problems.Add($"the episode ran past its time limit of {max} steps");
                        return;
                    }
                    if (steps == max && !outcome.Truncated)
                    {
                        problems.Add($"step {max} (the time limit) did not report truncation");
                        return;
                    }
                    if (steps < max && outcome.Truncated)
                    {
                        problems.Add($"step {steps} reported truncation before the time limit of {max}");
                        return;
                    }
                }
                if (outcome.Done)
                {
                    if (outcome.Truncated && steps == limit) truncatedAtLimit++;
                    Expect<InvalidOperationException>(() => actions.Apply(env, obs), "Step after the episode ended", problems);
                    break;
                }
                if (steps >= options.MaxStepsPerEpisode)
                {
                    problems.Add($"no episode end within {options.MaxStepsPerEpisode} steps");
                    return;
                }
            }
            lengths.Add(steps);
        }
        notes.Add($"{lengths.Count} episodes, lengths {string.Join(" ", lengths)}");
        if (limit is { } m) notes.Add($"{truncatedAtLimit} truncated at the limit of {m}");
        if (options.RequireTruncation && truncatedAtLimit == 0)
            problems.Add(limit is null ? "truncation was required but the environment has no time limit" : $"no rollout reached the time limit of {limit} to show truncation");
    }

    /// <summary>The smallest step limit anywhere in the wrapper chain, or null if there is none.</summary>
    private static int? EffectiveTimeLimit(IEnvironment env)
    {
        int? limit = null;
        for (IEnvironment? current = env; current is not null; current = (current as Wrappers.EnvironmentWrapper)?.Inner)
        {
            if (current is ITimeLimited timed) limit = Math.Min(limit ?? int.MaxValue, timed.MaxEpisodeSteps);
        }
        return limit;
    }

    private static void CheckScene(IEnvironment env, List<string> problems, List<string> notes)
    {
        var scene = env.Describe();
        if (scene is null) problems.Add("Describe() returned null");
        else if (!(scene.Width > 0 && scene.Height > 0) || scene.Primitives.Count == 0) problems.Add("Describe() returned an empty scene");
        else notes.Add(FormattableString.Invariant($"{scene.Primitives.Count} primitives on a {scene.Width:0.##} x {scene.Height:0.##} world"));
    }

    internal static int ChooseAction(EnvCheckOptions options, Pcg64 random, float[] obs, bool[] mask)
    {
        if (options.Policy is { } policy) return policy(obs, mask);
        var allowed = mask.Count(m => m);
        var k = random.NextInt(allowed);
        for (var a = 0; a < mask.Length; a++)
        {
            if (mask[a] && k-- == 0) return a;
        }
        return 0;
    }

    private static bool InSpace(IEnvironment env, float[] obs, string what, List<string> problems)
    {
        if (env.ObservationSpace.Contains(obs)) return true;
        problems.Add($"{what} is outside the observation space: [{string.Join(", ", obs.Take(8))}{(obs.Length > 8 ? ", ..." : "")}]");
        return false;
    }

    private static bool MaskOk(IEnvironment env, bool[] mask, string when, List<string> problems)
    {
        env.WriteActionMask(mask);
        if (env.ContinuousActionSpace is not null) return true;
        if (mask.Any(m => m)) return true;
        problems.Add($"the action mask {when} allows no action");
        return false;
    }

    private static void Expect<T>(Action action, string what, List<string> problems) where T : Exception
    {
        try
        {
            action();
            problems.Add($"{what} did not throw {typeof(T).Name}");
        }
        catch (T)
        {
        }
        catch (Exception e)
        {
            problems.Add($"{what} threw {e.GetType().Name} instead of {typeof(T).Name}: {e.Message}");
        }
    }
}
