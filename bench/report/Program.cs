using RLArena.Bench.Report;
using RLArena.Core.Errors;

// bench/report.sh [--results DIR] [--out DIR] [--readme FILE]: bench/results/*.json -> docs/benchmarks/index.md +
// images/*.png, and the figures table of the README (between its figures markers) when --readme is given.
try
{
    string results = "bench/results", output = "docs/benchmarks";
    string? readme = null;
    for (var i = 0; i < args.Length; i++)
    {
        var value = i + 1 < args.Length ? args[i + 1] : throw new UsageException($"{args[i]} needs a folder after it.");
        switch (args[i])
        {
            case "--results": results = value; i++; break;
            case "--out": output = value; i++; break;
            case "--readme": readme = value; i++; break;
            default: throw new UsageException($"Unknown option {args[i]}: use --results DIR, --out DIR and --readme FILE.");
        }
    }
    var written = BenchmarkPage.Generate(results, output);
    Console.WriteLine($"bench report: wrote {written[0]} and {written.Count - 1} charts from {results}");
    if (readme is not null)
    {
        ReadmeFigures.Update(readme, BenchResultReader.ReadAll(results));
        Console.WriteLine($"bench report: updated the figures table of {readme}");
    }
    return 0;
}
catch (UserFacingException e)
{
    Console.Error.WriteLine($"bench report: error: {e.Message}");
    return e.ExitCode;
}
