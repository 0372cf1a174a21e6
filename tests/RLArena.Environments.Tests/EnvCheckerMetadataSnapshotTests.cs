using RLArena.Environments.Checking;

namespace RLArena.Environments.Tests;

/// <summary>The checker's structured report, its metadata check and its snapshot check.</summary>
public class EnvCheckerMetadataSnapshotTests
{
    private static readonly PlayControls GoodPlay = new(true, [new KeyBinding(PlayKey.Left, 0), new KeyBinding(PlayKey.Right, 1)], [0], "Left/Right");

    [Test]
    public void A_well_behaved_environment_passes_every_check_and_the_report_lists_them_in_order()
    {
        var report = EnvChecker.Run(() => new CheckerTestEnv(new EnvMetadata { DisplayName = "ok", ActionNames = ["stay", "step"], Play = GoodPlay }));
        Assert.That(report.Passed, Is.True, report.ToString());
        Assert.That(report.Checks.Select(c => c.Name), Is.EqualTo(EnvChecker.CheckNames));
        Assert.That(report.Problems, Is.Empty);
        var snapshot = report.Checks.Single(c => c.Name == "a loaded snapshot continues identically");
        Assert.That((snapshot.Skipped, snapshot.Passed), Is.EqualTo((true, true)));
        Assert.That(snapshot.Detail, Does.Contain("does not implement ISnapshotEnvironment"));
        Assert.That(report.Checks.Where(c => !c.Skipped), Has.All.Matches<EnvCheckResult>(c => c.Detail.Length > 0), "each check says what it saw");
    }

    private static IEnumerable<TestCaseData> BadMetadata()
    {
        EnvMetadata Meta(string name = "bad") => new() { DisplayName = name };
        yield return new TestCaseData(Meta() with { ActionNames = ["a", "b", "c"] }, "ActionNames has 3 names for 2 actions").SetName("three names for two actions");
        yield return new TestCaseData(Meta() with { ActionNames = ["a", " "] }, "ActionNames[1] is empty").SetName("a blank action name");
        yield return new TestCaseData(Meta(""), "DisplayName is empty").SetName("an empty display name");
        yield return new TestCaseData(Meta() with { StepsPerSecond = 0 }, "StepsPerSecond is 0").SetName("zero steps a second");
        yield return new TestCaseData(Meta() with { StepsPerSecond = double.NaN }, "StepsPerSecond is NaN").SetName("NaN steps a second");
        yield return new TestCaseData(Meta() with { StepsPerSecond = double.PositiveInfinity }, "StepsPerSecond is").SetName("infinite steps a second");
        yield return new TestCaseData(Meta() with { Play = GoodPlay with { Bindings = [new KeyBinding(PlayKey.Up, 2)] } },
            "Play binds Up to action 2, outside the 2 actions").SetName("a key bound outside the action space");
        yield return new TestCaseData(Meta() with { Play = GoodPlay with { IdleActions = [-1] } }, "idle action -1 is outside the 2 actions")
            .SetName("an idle action outside the action space");
        yield return new TestCaseData(Meta() with { Play = GoodPlay with { Bindings = [] } }, "declares no key bindings").SetName("play without bindings");
        yield return new TestCaseData(Meta() with { Play = GoodPlay with { Bindings = [new KeyBinding(PlayKey.A, 0), new KeyBinding(PlayKey.A, 1)] } },
            "binds A twice").SetName("a key bound twice");
    }

    [TestCaseSource(nameof(BadMetadata))]
    public void Inconsistent_metadata_fails_the_metadata_check_only(EnvMetadata metadata, string problem)
    {
        var report = EnvChecker.Run(() => new CheckerTestEnv(metadata));
        Assert.That(report.Passed, Is.False);
        var failed = report.Checks.Where(c => !c.Passed).ToArray();
        Assert.That(failed.Select(c => c.Name), Is.EqualTo(new[] { "metadata fits the spaces" }), report.ToString());
        Assert.That(failed[0].Detail, Does.Contain(problem));
        Assert.That(report.Problems, Has.Some.Contains(problem), "the flat list keeps working for existing callers");
    }

    [Test]
    public void A_snapshot_that_holds_all_state_continues_identically()
    {
        var report = EnvChecker.Run(() => new SnapshotTestEnv(), new EnvCheckOptions { SnapshotSteps = 400 });
        var snapshot = report.Checks.Single(c => c.Name == "a loaded snapshot continues identically");
        Assert.That((snapshot.Skipped, snapshot.Passed), Is.EqualTo((false, true)), snapshot.Detail);
        Assert.That(snapshot.Detail, Does.Contain("400 steps after loading matched"));
        Assert.That(report.Passed, Is.True, report.ToString());
    }

    [Test]
    public void A_snapshot_that_misses_the_random_stream_fails_with_the_first_difference()
    {
        var report = EnvChecker.Run(() => new SnapshotTestEnv(forgetRandomState: true));
        var snapshot = report.Checks.Single(c => c.Name == "a loaded snapshot continues identically");
        Assert.That(snapshot.Passed, Is.False);
        Assert.That(snapshot.Detail, Does.StartWith("step 1 after loading the snapshot into a fresh copy: the reward and flags differ"));
        Assert.That(report.Checks.Where(c => c != snapshot), Has.All.Matches<EnvCheckResult>(c => c.Passed), report.ToString());
        Assert.Throws<EnvCheckException>(() => EnvChecker.Check(() => new SnapshotTestEnv(forgetRandomState: true)));
    }

    [Test]
    public void A_time_limit_around_an_environment_with_snapshots_is_checked_with_it()
    {
        var report = EnvChecker.Run(() => new Wrappers.TimeLimit(new SnapshotTestEnv(), 15));
        var snapshot = report.Checks.Single(c => c.Name == "a loaded snapshot continues identically");
        Assert.That(snapshot.Skipped, Is.False);
        Assert.That(snapshot.Passed, Is.True, snapshot.Detail);
    }

    [Test]
    public void Wrappers_around_an_environment_without_snapshots_skip_the_check_and_say_why()
    {
        var report = EnvChecker.Run(() => new Wrappers.TimeLimit(new CheckerTestEnv(), 15));
        var snapshot = report.Checks.Single(c => c.Name == "a loaded snapshot continues identically");
        Assert.That(snapshot.Skipped, Is.True);
        Assert.That(snapshot.Detail, Does.Contain("the environment inside does not implement ISnapshotEnvironment"));
    }

    [Test]
    public void A_snapshot_whose_loading_throws_is_that_checks_problem_not_a_crash()
    {
        var report = EnvChecker.Run(() => new ThrowingSnapshotEnv());
        var snapshot = report.Checks.Single(c => c.Name == "a loaded snapshot continues identically");
        Assert.That(snapshot.Detail, Is.EqualTo("the environment threw NotSupportedException: cannot load"));
    }

    [Test]
    public void Broken_spaces_skip_the_checks_that_need_them()
    {
        var report = EnvChecker.Run(() => new CheckerTestEnvWithoutActions());
        Assert.That(report.Checks[0].Passed, Is.False);
        Assert.That(report.Checks.Skip(1), Has.All.Matches<EnvCheckResult>(c => c.Skipped));
        Assert.That(report.Passed, Is.False);
    }

    private sealed class ThrowingSnapshotEnv : CheckerTestEnv, ISnapshotEnvironment
    {
        public void SaveSnapshot(BinaryWriter writer) => writer.Write(1);
        public void LoadSnapshot(BinaryReader reader) => throw new NotSupportedException("cannot load");
    }

    private sealed class CheckerTestEnvWithoutActions : IEnvironment
    {
        private readonly CheckerTestEnv _inner = new();
        public string Id => "no-actions";
        public Spaces.BoxSpace ObservationSpace => _inner.ObservationSpace;
        public Spaces.DiscreteSpace ActionSpace { get; } = new(0);
        public void Reset(int? seed, Span<float> observation) => _inner.Reset(seed, observation);
        public StepOutcome Step(int action, Span<float> observation) => _inner.Step(action, observation);
        public void WriteActionMask(Span<bool> mask) { }
        public Scenes.Scene Describe() => _inner.Describe();
    }
}
