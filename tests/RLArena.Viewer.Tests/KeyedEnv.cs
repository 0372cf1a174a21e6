using RLArena.Environments;
using RLArena.Environments.Scenes;
using RLArena.Environments.Spaces;

namespace RLArena.Viewer.Tests;

/// <summary>
/// A made-up game that no viewer code knows by name: three named actions, a pace and play controls of the test's
/// choosing. Each step moves a counter; the episode ends after ten steps.
/// </summary>
internal sealed class KeyedEnv(PlayControls? play, double stepsPerSecond = 20) : IEnvironment
{
    private int _t = -1;

    public string Id => "keyed";
    public BoxSpace ObservationSpace { get; } = BoxSpace.Uniform([1], 0f, 10f);
    public DiscreteSpace ActionSpace { get; } = new(3);

    public EnvMetadata Metadata { get; } = new()
    {
        DisplayName = "Keyed",
        ActionNames = ["north", "east", "south"],
        StepsPerSecond = stepsPerSecond,
        Play = play,
    };

    public void Reset(int? seed, Span<float> observation) => observation[0] = _t = 0;

    public StepOutcome Step(int action, Span<float> observation)
    {
        if (_t < 0) throw new InvalidOperationException("reset first");
        observation[0] = ++_t;
        return new StepOutcome(action, _t >= 10, false);
    }

    public void WriteActionMask(Span<bool> mask) => mask.Fill(true);

    public Scene Describe() => new Scene(1, 1, new Rgba(0, 0, 0)).Add(new CirclePrimitive(0.5, 0.5, 0.1, new Rgba(255, 255, 255)));
}
