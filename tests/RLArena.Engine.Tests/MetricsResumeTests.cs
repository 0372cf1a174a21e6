using System.Globalization;
using RLArena.Engine.Runs;

namespace RLArena.Engine.Tests;

/// <summary>Resuming cuts back what the interrupted process logged after its checkpoint.</summary>
public class MetricsResumeTests
{
    private string _root = "";

    [SetUp]
    public void MakeFolder() => _root = Directory.CreateTempSubdirectory("rlarena-metrics-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_root, recursive: true);

    private static List<long> CsvSteps(RunDirectory run, string metric) =>
        File.ReadAllLines(run.File(RunDirectory.MetricsFileName)).Skip(1)
            .Select(l => l.Split(','))
            .Where(p => p[2] == metric)
            .Select(p => long.Parse(p[0], CultureInfo.InvariantCulture))
            .ToList();

    /// <summary>Every event step in the folder's event files, read record by record (length, CRC, data, CRC).</summary>
    private static List<long> EventSteps(string folder)
    {
        var steps = new List<long>();
        foreach (var file in Directory.GetFiles(folder, "events.out.tfevents.*").Order())
        {
            var bytes = File.ReadAllBytes(file);
            var position = 0;
            while (position < bytes.Length)
            {
                var length = (int)BitConverter.ToUInt64(bytes, position);
                Assert.That(position + 16 + length, Is.LessThanOrEqualTo(bytes.Length), "whole records only");
                steps.Add(TensorBoardEvents.EventStep(bytes.AsSpan(position + 12, length)) ?? -1);
                position += 16 + length;
            }
        }
        return steps;
    }

    [Test]
    public void ReopeningWithTheCheckpointStepCutsLaterRowsAndEventsAndATornRow()
    {
        var run = RunDirectory.Create(_root, "ppo_cartpole", 1);
        using (var first = new MetricsLogger(run))
        {
            for (var step = 100; step <= 1000; step += 100) first.Scalar("charts/SPS", step, step);
            first.Flush();
        }
        // The process was killed mid-write: a row cut short without its newline.
        File.AppendAllText(run.File(RunDirectory.MetricsFileName), "1100,9.5,charts/SP");
        Assert.That(EventSteps(run.Path).Where(s => s > 0), Is.EqualTo(Enumerable.Range(1, 10).Select(i => i * 100L)));

        // The checkpoint was saved at step 600; the resumed process starts there.
        using (var resumed = new MetricsLogger(run, keepUpToStep: 600))
        {
            Assert.That(resumed.RowsCut, Is.EqualTo(5), "700..1000 and the torn row");
            Assert.That(resumed.EventsCut, Is.EqualTo(4), "700..1000");
            for (var step = 700; step <= 800; step += 100) resumed.Scalar("charts/SPS", step, step);
            resumed.Flush();
        }

        Assert.That(CsvSteps(run, "charts/SPS"), Is.EqualTo(new long[] { 100, 200, 300, 400, 500, 600, 700, 800 }));
        Assert.That(File.ReadAllLines(run.File(RunDirectory.MetricsFileName)).Count(l => l.StartsWith("step,")), Is.EqualTo(1));
        Assert.That(EventSteps(run.Path).Where(s => s > 0), Is.EqualTo(new long[] { 100, 200, 300, 400, 500, 600, 700, 800 }),
            "each step once, in order, across both processes' event files");
        Assert.That(EventSteps(run.Path), Does.Not.Contain(-1L), "every kept record still parses");
        run.ReleaseLock();
    }

    [Test]
    public void NothingIsCutWhenNothingCameAfterTheCheckpoint()
    {
        var run = RunDirectory.Create(_root, "ppo_cartpole", 1);
        using (var first = new MetricsLogger(run, tensorboard: false))
        {
            first.Scalar("charts/SPS", 1, 100);
            first.Flush();
        }
        var before = File.ReadAllText(run.File(RunDirectory.MetricsFileName));
        using (var resumed = new MetricsLogger(run, tensorboard: false, keepUpToStep: 100))
            Assert.That(resumed.RowsCut, Is.EqualTo(0));
        Assert.That(File.ReadAllText(run.File(RunDirectory.MetricsFileName)), Is.EqualTo(before));
        run.ReleaseLock();
    }
}
