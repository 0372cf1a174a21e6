using RLArena.Environments.CartPole;
using RLArena.Environments.GridWorld;
using RLArena.Environments.Wrappers;

namespace RLArena.Environments.Tests;

public class MetadataTests
{
    [Test]
    public void Cartpole_declares_its_name_actions_pace_and_real_time_keys()
    {
        var metadata = EnvRegistry.Make("cartpole").Metadata;
        Assert.That(metadata.DisplayName, Is.EqualTo("CartPole-v1"));
        Assert.That(metadata.ActionNames, Is.EqualTo(new[] { "push left", "push right" }));
        Assert.That(metadata.StepsPerSecond, Is.EqualTo(1 / CartPolePhysics.Tau).Within(1e-9), "one step per 0.02 s of physics");
        Assert.That(metadata.Success, Is.Null);
        var play = metadata.Play!;
        Assert.That(play.RealTime, Is.True);
        Assert.That(play.Bindings, Is.EqualTo(new[] { new KeyBinding(PlayKey.Left, 0), new KeyBinding(PlayKey.Right, 1) }));
        Assert.That(play.IdleActions, Is.EqualTo(new[] { 0, 1 }), "alternating pushes net to no force");
        Assert.That(play.Help, Is.EqualTo("Left/Right push the cart|R reset, Esc quit"));
    }

    [Test]
    public void Gridworld_declares_its_size_success_and_turn_based_keys()
    {
        var metadata = EnvRegistry.Make("gridworld:size=8").Metadata;
        Assert.That(metadata.DisplayName, Is.EqualTo("GridWorld 8x8"));
        Assert.That(metadata.ActionNames, Is.EqualTo(new[] { "stay", "up", "down", "left", "right" }));
        Assert.That(metadata.StepsPerSecond, Is.EqualTo(5));
        Assert.That(metadata.Success, Does.Contain("signalled colour"));
        var play = metadata.Play!;
        Assert.That(play.RealTime, Is.False);
        Assert.That(play.Bindings.Select(b => (b.Key, b.Action)), Is.EqualTo(new[]
        {
            (PlayKey.Up, GridActions.Up), (PlayKey.Down, GridActions.Down), (PlayKey.Left, GridActions.Left),
            (PlayKey.Right, GridActions.Right), (PlayKey.Space, GridActions.Stay),
        }));
        Assert.That(play.IdleActions, Is.Empty);
        Assert.That(play.Help, Is.EqualTo("arrows move, Space waits|R reset, Esc quit"));
    }

    [Test]
    public void Wrappers_forward_the_metadata_of_the_wrapped_environment()
    {
        var grid = new GridWorldEnv(new GridWorldOptions(Size: 6));
        IEnvironment wrapped = new EpisodeStatistics(new TimeLimit(grid, 10, "renamed"));
        Assert.That(wrapped.Metadata, Is.SameAs(grid.Metadata));
        Assert.That(wrapped.Id, Is.EqualTo("renamed"));
    }

    [Test]
    public void An_environment_without_metadata_gets_its_id_numbered_actions_and_no_play_keys()
    {
        IEnvironment env = new PlainEnv();
        Assert.That(env.Metadata.DisplayName, Is.EqualTo("plain"));
        Assert.That(env.Metadata.Play, Is.Null);
        Assert.That(env.ActionNames(), Is.EqualTo(new[] { "0", "1", "2" }));
        Assert.That(env.Metadata.ActionName(2), Is.EqualTo("2"));
    }

    /// <summary>Declares nothing beyond the interface: <see cref="IEnvironment.Metadata"/>'s default applies.</summary>
    private sealed class PlainEnv : IEnvironment
    {
        public string Id => "plain";
        public Spaces.BoxSpace ObservationSpace { get; } = Spaces.BoxSpace.Uniform([1], 0f, 1f);
        public Spaces.DiscreteSpace ActionSpace { get; } = new(3);
        public void Reset(int? seed, Span<float> observation) => observation[0] = 0;
        public StepOutcome Step(int action, Span<float> observation) => new(0, true, false);
        public void WriteActionMask(Span<bool> mask) => mask.Fill(true);
        public Scenes.Scene Describe() => new(1, 1, new Scenes.Rgba(0, 0, 0));
    }
}
