using System.Text.RegularExpressions;

namespace RLArena.Docs.Tests;

/// <summary>One <c>```console</c> block of a Markdown page: its commands (the <c>$ </c> lines) and, when the line
/// before it is <c>&lt;!-- doctest: skip REASON --&gt;</c>, why it is not run.</summary>
/// <param name="Page">The page, relative to the repository root.</param>
/// <param name="Line">The 1-based line of the opening fence.</param>
/// <param name="Commands">The commands, without the <c>$ </c> prompt.</param>
/// <param name="SkipReason">Why the block is not run, or null when it is.</param>
internal sealed record ConsoleBlock(string Page, int Line, IReadOnlyList<string> Commands, string? SkipReason);

/// <summary>Reads the console blocks of the pages the doc test covers: README.md and docs/guides/*.md.</summary>
internal static partial class ConsoleBlocks
{
    /// <summary>The pages, relative to the repository root, in a stable order.</summary>
    public static IEnumerable<string> Pages() =>
        new[] { "README.md" }.Concat(Directory.GetFiles(Path.Combine(Repository.Root, "docs", "guides"), "*.md")
            .Select(p => Path.GetRelativePath(Repository.Root, p)).Order(StringComparer.Ordinal));

    /// <summary>The console blocks of <paramref name="page"/>, in order.</summary>
    public static List<ConsoleBlock> Read(string page)
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, page));
        var blocks = new List<ConsoleBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```console") continue;
            var start = i;
            var commands = new List<string>();
            for (i++; i < lines.Length && lines[i].Trim() != "```"; i++)
                if (lines[i].StartsWith("$ ", StringComparison.Ordinal)) commands.Add(lines[i][2..].Trim());
            string? skip = null;
            var before = start > 0 ? SkipMarker().Match(lines[start - 1].Trim()) : Match.Empty;
            if (before.Success) skip = before.Groups[1].Value.Trim();
            blocks.Add(new ConsoleBlock(page, start + 1, commands, skip));
        }
        return blocks;
    }

    [GeneratedRegex(@"^<!--\s*doctest:\s*skip\b(.*?)-->$")]
    private static partial Regex SkipMarker();
}
