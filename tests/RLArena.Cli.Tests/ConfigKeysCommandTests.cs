namespace RLArena.Cli.Tests;

/// <summary>
/// rlarena config keys NAME: every key of the settings class with its default, range and doc-comment help, as text or
/// as the Markdown table the documentation site includes.
/// </summary>
public class ConfigKeysCommandTests
{
    private static (int Code, string Output) Run(params string[] args) => RecordingCli.Run(300, args);

    [Test]
    public void Ppo_keys_come_with_defaults_ranges_and_help()
    {
        var (code, output) = Run("config", "keys", "ppo");
        Assert.That(code, Is.EqualTo(0), output);
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToArray();
        Assert.That(lines[0], Does.Match(@"^key\s+default\s+range\s+description$"));
        Assert.That(lines, Has.Some.Matches(@"^learning_rate\s+0\.00025\s+\(0, 10\]\s+Adam learning rate"));
        Assert.That(lines, Has.Some.Matches(@"^total_timesteps\s+500000\s+\[1, ∞\)\s+Environment steps to train for"), "long.MaxValue reads as no upper limit");
        Assert.That(lines, Has.Some.Matches(@"^env\s+cartpole\s+Environment id"), "a key without a range");
    }

    [Test]
    public void Every_key_the_binder_accepts_is_listed_once_and_nothing_else()
    {
        foreach (var algorithm in RLArena.Agents.AlgorithmRegistry.All)
        {
            var (code, output) = Run("config", "keys", algorithm.Name, "--markdown");
            Assert.That(code, Is.EqualTo(0), output);
            var keys = output.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal))
                .Select(l => l.Split('`')[1]).ToList();
            var expected = RLArena.Engine.Config.ConfigBinder.Keys(algorithm.CreateConfig().GetType());
            Assert.That(keys, Is.EqualTo(expected), algorithm.Name);
        }
    }

    [Test]
    public void Markdown_table_rows_have_five_cells_and_escape_pipes()
    {
        var (code, output) = Run("config", "keys", "mnist", "--markdown");
        Assert.That(code, Is.EqualTo(0), output);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList();
        Assert.That(rows[0], Is.EqualTo("| key | type | default | range | description |"));
        Assert.That(rows, Has.Some.EqualTo("| `optimizer` | sgd \\| adam | `sgd` |  | sgd (the tutorial's) or adam (which usually wants lr 0.001). |"));
        Assert.That(rows, Has.Some.StartWith("| `epochs` | integer | `10` | [1, 100000] | "));
        foreach (var row in rows.Skip(2))
            Assert.That(row.Replace("\\|", "").Count(c => c == '|'), Is.EqualTo(6), row);
    }

    [Test]
    public void An_unknown_name_is_a_usage_error_listing_the_valid_ones()
    {
        var (code, output) = Run("config", "keys", "a2c");
        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("config keys a2c: unknown name; expected one of ppo, dqn, sac, mnist."));
    }
}
