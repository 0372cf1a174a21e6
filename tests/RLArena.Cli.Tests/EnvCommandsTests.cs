namespace RLArena.Cli.Tests;

/// <summary>rlarena envs and rlarena check-env, in process, with the built-ins and test environments registered as a plugin would.</summary>
[NonParallelizable]
public class EnvCommandsTests
{
    private static (int Code, string Output) Run(params string[] args) => RecordingCli.Run(300, args);

    [OneTimeSetUp]
    public void RegisterTestEnvironments() => TestEnvironments.Register();

    [Test]
    public void Envs_lists_every_environment_with_aliases_origin_options_and_spaces()
    {
        var (code, output) = Run("envs");
        Assert.That(code, Is.EqualTo(0), output);
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToArray();
        Assert.That(lines, Has.Some.EqualTo("cartpole  (alias: cartpole-v1)  [built-in]"));
        Assert.That(lines, Has.Some.EqualTo("gridworld  [built-in]"));
        Assert.That(lines, Has.Some.EqualTo($"{TestEnvironments.Good}  (alias: cli-counter)  [{TestEnvironments.Origin}]"));
        Assert.That(lines, Has.Some.EqualTo("  counts to its limit; keeps the contract"));
        Assert.That(lines, Has.Some.Matches(@"^    limit\s+default 6\s+steps before the episode terminates, 1\.\.1000$"));
        Assert.That(lines, Has.Some.Matches(@"^    size\s+default 5\s+grid side, 2\.\.64$"));
        Assert.That(lines, Has.Some.EqualTo("  observations: shape (102), float32"), "gridworld made with its defaults");
        Assert.That(lines, Has.Some.EqualTo("  actions: 2 (push left, push right)"));
        Assert.That(lines, Has.Some.EqualTo("  actions: 2 (hold, count)"));
        Assert.That(lines, Has.Some.EqualTo("  play keys: none (cannot be played by hand)"), "the test plugin declares no keys");
        Assert.That(output, Does.Contain("play keys (real time): Left push left, Right push right"));
        Assert.That(output.IndexOf("\ncartpole", StringComparison.Ordinal), Is.LessThan(output.IndexOf("\ngridworld", StringComparison.Ordinal)), "registration order");
    }

    [TestCase("cartpole", true)]
    [TestCase("gridworld:size=6,obs=visual", true)]
    [TestCase("cli-counter:limit=3", false)]
    public void Check_env_passes_a_good_environment_with_a_line_per_check_and_exit_zero(string spec, bool takesSnapshots)
    {
        var (code, output) = Run("check-env", spec, "--episodes", "3", "--seed", "7");
        Assert.That(code, Is.EqualTo(0), output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToArray();
        Assert.That(lines[0], Does.StartWith("Checking ").And.Contain("seed 7, 3 episode(s)"));
        var passed = takesSnapshots ? 7 : 6;
        Assert.That(lines.Count(l => l.StartsWith("  PASS  ", StringComparison.Ordinal)), Is.EqualTo(passed));
        Assert.That(lines, Has.Some.StartsWith($"  {(takesSnapshots ? "PASS" : "SKIP")}  a loaded snapshot continues identically"));
        Assert.That(lines, Has.None.StartsWith("  FAIL"));
        Assert.That(lines[^1], Does.Match($@"^{passed} passed, 0 failed, {7 - passed} skipped: \S+ follows the environment contract\.$"));
        Assert.That(output, Does.Contain("3 episodes, lengths"), "--episodes reached the checker");
    }

    [Test]
    public void Check_env_reports_why_a_check_failed_and_exits_one()
    {
        var (code, output) = Run("check-env", TestEnvironments.BadMetadata);
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("  FAIL  metadata fits the spaces: ActionNames has 3 names for 2 actions; give exactly 2 or none; StepsPerSecond is 0"));
        Assert.That(output, Does.Contain("  PASS  rollouts stay in the spaces"));
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].TrimEnd();
        Assert.That(last, Is.EqualTo($"5 passed, 1 failed, 1 skipped: {TestEnvironments.BadMetadata} breaks the environment contract; fix the failed checks above."));
        Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
    }

    [TestCase("check-env")]
    [TestCase("check-env", "nosuchenv")]
    [TestCase("check-env", "gridworld:size=1")]
    [TestCase("check-env", "cartpole", "--seed", "-1")]
    [TestCase("check-env", "cartpole", "--episodes", "0")]
    [TestCase("check-env", "cartpole", "--episodes", "1001")]
    [TestCase("check-env", "cartpole", "--episodes", "many")]
    [TestCase("envs", "--bogus")]
    public void Bad_arguments_are_one_line_usage_errors(params string[] args)
    {
        var (code, output) = Run(args);
        Assert.That(code, Is.EqualTo(2), output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("rlarena: error:"));
        Assert.That(lines[1], Does.StartWith($"Usage: rlarena {args[0]} "), "the usage line names the command");
        Assert.That(lines, Has.Length.EqualTo(2));
    }

    [Test]
    public void Playing_an_environment_without_play_keys_is_one_line_before_any_window_opens()
    {
        var (code, output) = Run("play", "--env", TestEnvironments.Good);
        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(output, Does.StartWith($"rlarena: error: '{TestEnvironments.Good}' declares no play keys;"));
    }

    [Test]
    public void Out_of_range_values_name_the_flag_and_the_range()
    {
        Assert.That(Run("check-env", "cartpole", "--episodes", "1001").Output, Does.StartWith("rlarena: error: --episodes 1001: must be from 1 to 1000."));
        Assert.That(Run("check-env", "cartpole", "--seed", "-1").Output, Does.StartWith("rlarena: error: --seed -1: must be 0 or more."));
    }
}
