using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace RLArena.Environments.Plugins;

/// <summary>
/// What a .dll is, read from its metadata without loading it: its assembly name and version, and which version of
/// RLArena.Environments it was built against (null when it does not reference it).
/// </summary>
internal sealed record PluginAssemblyInfo(string Name, Version Version, Version? EnvironmentsReference)
{
    public const string EnvironmentsAssembly = "RLArena.Environments";

    /// <summary>The facts of <paramref name="path"/>, or null when it is not a .NET assembly.</summary>
    public static PluginAssemblyInfo? Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) return null;
            var metadata = pe.GetMetadataReader();
            if (!metadata.IsAssembly) return null;
            var definition = metadata.GetAssemblyDefinition();
            Version? environments = null;
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetAssemblyReference(handle);
                if (metadata.GetString(reference.Name) == EnvironmentsAssembly) environments = reference.Version;
            }
            return new PluginAssemblyInfo(metadata.GetString(definition.Name), definition.Version, environments);
        }
        catch (BadImageFormatException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
