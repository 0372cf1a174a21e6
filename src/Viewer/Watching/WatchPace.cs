using RLArena.Core.Errors;
using RLArena.Environments;

namespace RLArena.Viewer.Watching;

/// <summary>How fast an environment is shown: the steps a second its metadata declares, checked.</summary>
public static class WatchPace
{
    /// <summary>
    /// <see cref="EnvMetadata.StepsPerSecond"/> of <paramref name="environment"/>; a value that is not a finite number
    /// above 0 is a one-line <see cref="UserFacingException"/>.
    /// </summary>
    public static double Of(IEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var pace = environment.Metadata?.StepsPerSecond ?? double.NaN;
        if (double.IsFinite(pace) && pace > 0) return pace;
        throw new UserFacingException($"'{environment.Id}' declares {pace} steps a second to be watched at; its Metadata.StepsPerSecond must be a finite number above 0 (rlarena check-env {environment.Id} checks its metadata).");
    }

    /// <summary>Frames a second for a recording with one frame per step: <see cref="Of"/>, at most <see cref="Recording.FrameRecorder.MaxFps"/>.</summary>
    public static double RecordingFps(IEnvironment environment) => Math.Min(Of(environment), Recording.FrameRecorder.MaxFps);
}
