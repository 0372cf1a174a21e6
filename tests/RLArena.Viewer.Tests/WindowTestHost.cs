using RLArena.Core.Errors;
using RLArena.Viewer.Raylib;

namespace RLArena.Viewer.Tests;

/// <summary>
/// What a window test needs: a libraylib (found the way <c>rlarena watch</c> finds it) and a display (DISPLAY, or a
/// private Xvfb). Where either is missing the test is reported as skipped with the reason, as in CI.
/// </summary>
internal sealed class WindowTestHost : IDisposable
{
    private readonly XvfbDisplay _display;

    private WindowTestHost(RaylibApi api, XvfbDisplay display, string displayName)
    {
        Api = api;
        _display = display;
        DisplayName = displayName;
    }

    public RaylibApi Api { get; }

    /// <summary>Which display the window is on, for messages.</summary>
    public string DisplayName { get; }

    public static WindowTestHost Require(string what)
    {
        RaylibApi api;
        try
        {
            api = RaylibApi.Load(RaylibLocator.ForThisProcess(null));
        }
        catch (UserFacingException e)
        {
            Assert.Ignore($"no usable libraylib here, so {what} cannot be tested: {e.Message}");
            throw;
        }
        var display = XvfbDisplay.Acquire(out var why);
        if (display is null) Assert.Ignore($"libraylib found at {api.Path} but there is no display: {why}.");
        return new WindowTestHost(api, display!, why);
    }

    public void Dispose() => _display.Dispose();
}
