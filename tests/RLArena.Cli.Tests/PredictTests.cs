using SkiaSharp;

namespace RLArena.Cli.Tests;

/// <summary><c>rlarena mnist predict</c> with several files: a bad one is one line, the others are still classified.</summary>
[NonParallelizable]
public class PredictTests
{
    [Test]
    public void BadFilesAreReportedOneLineEachAndTheOthersAreClassified()
    {
        var dir = Directory.CreateTempSubdirectory("rlarena-predict-").FullName;
        try
        {
            var data = Path.Combine(dir, "data");
            SignalTests.WriteMnist(data, train: 200, test: 50);
            var (trained, trainOutput) = RecordingCli.Run(100_000, "mnist", "--data", data, "--no-download", "--epochs", "1", "--runs", Path.Combine(dir, "runs"));
            Assert.That(trained, Is.EqualTo(0), trainOutput);
            var checkpoint = Directory.GetFiles(Path.Combine(dir, "runs"), "model.ckpt", SearchOption.AllDirectories).Single();

            var good = Path.Combine(dir, "good.png");
            using (var bitmap = new SKBitmap(56, 56))
            {
                using (var canvas = new SKCanvas(bitmap)) canvas.Clear(SKColors.Black);
                using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
                File.WriteAllBytes(good, png.ToArray());
            }
            var idx = Path.Combine(dir, "labels.png");
            File.Copy(Path.Combine(data, "t10k-images-idx3-ubyte.gz"), idx);
            var missing = Path.Combine(dir, "missing.png");

            var (code, stdout, stderr) = ChildProcess.Run(dir, TimeSpan.FromSeconds(60), "mnist", "predict", "--checkpoint", checkpoint, good, idx, missing);
            Assert.That(code, Is.EqualTo(1), stdout + stderr);
            Assert.That(stdout, Does.Contain("good.png"), "the good file is classified");
            var errors = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(errors, Has.Length.EqualTo(3), stderr);
            Assert.That(errors[0], Does.StartWith("rlarena: error: '").And.Contain("labels.png"));
            Assert.That(errors[1], Does.StartWith("rlarena: error: image '").And.Contain("missing.png"));
            Assert.That(errors[2], Does.Contain("2 of 3 image files could not be classified"));
            Assert.That(stderr, Does.Not.Contain("   at "));

            // Nothing readable: one line, whether one file or several.
            (code, stdout, stderr) = ChildProcess.Run(dir, TimeSpan.FromSeconds(60), "mnist", "predict", "--checkpoint", checkpoint, missing);
            Assert.That((code, stderr.Trim()), Is.EqualTo((1, $"rlarena: error: image '{missing}' does not exist.")));
            (code, stdout, stderr) = ChildProcess.Run(dir, TimeSpan.FromSeconds(60), "mnist", "predict", "--checkpoint", checkpoint, idx, missing);
            Assert.That(code, Is.EqualTo(1));
            Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1), stderr);
            Assert.That(stderr, Does.StartWith("rlarena: error: none of the 2 image files could be read").And.Contain("labels.png").And.Contain("missing.png"));

            (code, _, stderr) = ChildProcess.Run(dir, TimeSpan.FromSeconds(60), "mnist", "predict", "--checkpoint", checkpoint, "--top", "11", good);
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr, Does.StartWith("rlarena: error: --top 11: this classifier knows 10 classes; give at most 10."));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
