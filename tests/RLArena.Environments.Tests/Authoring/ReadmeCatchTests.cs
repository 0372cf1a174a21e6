using RLArena.Environments.Authoring;
using RLArena.Environments.Checking;

namespace RLArena.Environments.Tests.Authoring;

public class ReadmeCatchTests
{
    [Test]
    public void The_README_example_is_at_most_15_lines_and_passes_every_check()
    {
        var source = File.ReadAllLines(Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "Authoring", "ReadmeCatch.cs"));
        var begin = Array.FindIndex(source, l => l.Contains("README-EXAMPLE-BEGIN"));
        var end = Array.FindIndex(source, l => l.Contains("README-EXAMPLE-END"));
        Assert.That(end - begin - 1, Is.LessThanOrEqualTo(15));

        var report = EnvChecker.Run(() => AgentEnvironment.Create(new ReadmeCatch()));
        Assert.That(report.Problems, Is.Empty, report.ToString());
    }

    [Test]
    public void The_README_example_plays_exactly_like_the_full_Catch()
    {
        var shortEnv = AgentEnvironment.Create(new ReadmeCatch());
        var fullEnv = AgentEnvironment.Create(new CatchGame());
        var a = new float[50];
        var b = new float[50];
        var policy = new Core.Reproducibility.Rng(9);
        for (var episode = 0; episode < 30; episode++)
        {
            shortEnv.Reset(episode == 0 ? 4 : null, a);
            fullEnv.Reset(episode == 0 ? 4 : null, b);
            Assert.That(a, Is.EqualTo(b));
            while (true)
            {
                var action = policy.NextInt(3);
                var x = shortEnv.Step(action, a);
                var y = fullEnv.Step(action, b);
                Assert.That(x, Is.EqualTo(y));
                Assert.That(a, Is.EqualTo(b));
                if (x.Done) break;
            }
        }
    }
}
