namespace RLArena.Cli.Commands;

/// <summary>Rows each area adds to <c>rlarena info</c>: where it looks for data and native libraries.</summary>
internal static class DoctorSections
{
    public static IEnumerable<(string Name, string Value)> Extra()
    {
        // Data locations (issue #3) are added here as that area lands.
        foreach (var row in Viewer.ViewerDoctor.Rows()) yield return row;
    }
}
