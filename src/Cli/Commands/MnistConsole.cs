using System.Globalization;
using RLArena.Supervised.Data;
using RLArena.Supervised.Evaluation;
using RLArena.Supervised.Training;
using Spectre.Console;

namespace RLArena.Cli.Commands;

/// <summary>Console pieces shared by the mnist commands: download progress, the confusion table, per-class accuracy.</summary>
internal static class MnistConsole
{
    /// <summary>The console to write to; when output goes to a file or pipe, lines are not wrapped at 80 columns.</summary>
    public static IAnsiConsole Open()
    {
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected && console.Profile.Width < 200) console.Profile.Width = 200;
        return console;
    }

    /// <summary>Finds the data, downloading it with a progress bar per file when it is missing.</summary>
    public static DataLocation LocateWithProgress(IAnsiConsole console, MnistTraining training, MnistSettings settings)
    {
        var locator = new DataLocator();
        var spec = settings.ResolveDataset();
        var existing = locator.FindExisting(spec, settings.Data);
        if (existing is not null || settings.NoDownload || !console.Profile.Capabilities.Interactive)
        {
            if (existing is null && !settings.NoDownload)
                console.MarkupLine($"Downloading {Markup.Escape(spec.DisplayName)} into {Markup.Escape(locator.DownloadFolder(spec, settings.Data))} ...");
            return training.Locate(settings);
        }
        console.MarkupLine($"{Markup.Escape(spec.DisplayName)} not found locally; downloading into {Markup.Escape(locator.DownloadFolder(spec, settings.Data))}");
        return console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(),
                new TransferSpeedColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                return training.Locate(settings, p =>
                {
                    if (!tasks.TryGetValue(p.FileName, out var task))
                    {
                        task = ctx.AddTask(Markup.Escape(p.FileName), maxValue: p.Total ?? 1);
                        tasks[p.FileName] = task;
                    }
                    if (p.Total is { } total) task.MaxValue = total;
                    task.Value = p.Received;
                    if (p.Attempt > 1) task.Description = Markup.Escape($"{p.FileName} (attempt {p.Attempt})");
                });
            });
    }

    public static void PrintConfusion(IAnsiConsole console, EvaluationResult result, DatasetSpec dataset)
    {
        var table = new Table().Border(TableBorder.Simple).Title("Confusion matrix (rows: true class, columns: predicted)");
        table.AddColumn("true \\ pred");
        for (var p = 0; p < result.Classes; p++) table.AddColumn(new TableColumn(p.ToString(CultureInfo.InvariantCulture)).RightAligned());
        for (var t = 0; t < result.Classes; t++)
        {
            var cells = new List<string> { Markup.Escape($"{t} {dataset.ClassNames[t]}") };
            for (var p = 0; p < result.Classes; p++)
            {
                var count = result.Confusion[t, p].ToString(CultureInfo.InvariantCulture);
                cells.Add(p == t ? $"[green]{count}[/]" : result.Confusion[t, p] == 0 ? $"[grey]{count}[/]" : count);
            }
            table.AddRow(cells.ToArray());
        }
        console.Write(table);

        var perClass = new Table().Border(TableBorder.Simple).Title("Per-class accuracy");
        perClass.AddColumn("class").AddColumn(new TableColumn("correct").RightAligned()).AddColumn(new TableColumn("of").RightAligned())
            .AddColumn(new TableColumn("accuracy").RightAligned());
        for (var c = 0; c < result.Classes; c++)
        {
            perClass.AddRow(Markup.Escape($"{c} {dataset.ClassNames[c]}"),
                result.Confusion[c, c].ToString(CultureInfo.InvariantCulture),
                result.ClassTotal(c).ToString(CultureInfo.InvariantCulture),
                (100 * result.ClassAccuracy(c)).ToString("F2", CultureInfo.InvariantCulture) + "%");
        }
        console.Write(perClass);
    }
}
