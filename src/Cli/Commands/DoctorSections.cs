using RLArena.Supervised.Data;

namespace RLArena.Cli.Commands;

/// <summary>Rows each area adds to <c>rlarena info</c>: where it looks for data and native libraries.</summary>
internal static class DoctorSections
{
    public static IEnumerable<(string Name, string Value)> Extra()
    {
        // Data locations (issue #3): the search order of `rlarena mnist` and what is found there now.
        var locator = new DataLocator();
        foreach (var dataset in DatasetSpec.All)
        {
            var found = locator.FindExisting(dataset, null);
            var order = string.Join(" → ", locator.Candidates(dataset, null).Select(c => c.Folder).Distinct()
                .Append($"download into {locator.DownloadFolder(dataset, null)}"));
            yield return ($"{dataset.DisplayName} data (search order)", "--data DIR → " + order);
            yield return ($"{dataset.DisplayName} data (found)", found is null
                ? "not found (will download on first use, or pass --data DIR)"
                : $"{found.Folder} ({found.Source})");
        }
        // libraylib locations (issue #6) are added here as that area lands.
    }
}
