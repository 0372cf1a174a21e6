using RLArena.Environments.Scenes;

namespace RLArena.Environments.Acrobot;

/// <summary>
/// Acrobot drawn like Gymnasium's picture: the pivot in the middle, link 1 hanging from it at angle θ1 from straight
/// down, link 2 from its end at θ1 + θ2, and the line one link length above the pivot that the tip must pass.
/// The world is 4.4 × 4.4 (the links' reach of 2 plus a margin each side) with the pivot at its centre, y down.
/// </summary>
public static class AcrobotScene
{
    /// <summary>Side of the square world: 2 × (both links + 0.2), as Gymnasium's bound.</summary>
    public const double WorldSize = 2 * (AcrobotPhysics.LinkLength1 + AcrobotPhysics.LinkLength2 + 0.2);
    /// <summary>The pivot at the world's centre.</summary>
    public const double PivotX = WorldSize / 2, PivotY = WorldSize / 2;
    /// <summary>The links' drawn thickness (Gymnasium: 0.2).</summary>
    public const double LinkThickness = 0.2;
    /// <summary>The joints' drawn radius (world units).</summary>
    public const double JointRadius = 0.1;

    /// <summary>The background colour.</summary>
    public static readonly Rgba Background = new(255, 255, 255);
    /// <summary>The colour of the line the tip must rise above.</summary>
    public static readonly Rgba GoalLineColor = new(0, 0, 0);
    /// <summary>The links' colour.</summary>
    public static readonly Rgba LinkColor = new(0, 204, 204);
    /// <summary>The joints' colour.</summary>
    public static readonly Rgba JointColor = new(204, 204, 0);
    /// <summary>The colour of the header text.</summary>
    public static readonly Rgba TextColor = new(90, 90, 90);

    /// <summary>The end of link 1 (the middle joint) in world units: θ1 = 0 hangs straight down.</summary>
    public static (double X, double Y) Elbow(in AcrobotState state) =>
        (PivotX + AcrobotPhysics.LinkLength1 * Math.Sin(state.Theta1), PivotY + AcrobotPhysics.LinkLength1 * Math.Cos(state.Theta1));

    /// <summary>The free end of link 2 in world units.</summary>
    public static (double X, double Y) Tip(in AcrobotState state)
    {
        var (ex, ey) = Elbow(state);
        var angle = state.Theta1 + state.Theta2;
        return (ex + AcrobotPhysics.LinkLength2 * Math.Sin(angle), ey + AcrobotPhysics.LinkLength2 * Math.Cos(angle));
    }

    /// <summary>The scene for a state.</summary>
    public static Scene Build(in AcrobotState state)
    {
        var scene = new Scene(WorldSize, WorldSize, Background);
        var goalY = PivotY - AcrobotPhysics.LinkLength1;
        scene.Add(new LinePrimitive(PivotX - 2.2, goalY, PivotX + 2.2, goalY, 0.02, GoalLineColor));
        var (ex, ey) = Elbow(state);
        var (tx, ty) = Tip(state);
        scene.Add(new LinePrimitive(PivotX, PivotY, ex, ey, LinkThickness, LinkColor));
        scene.Add(new LinePrimitive(ex, ey, tx, ty, LinkThickness, LinkColor));
        scene.Add(new CirclePrimitive(PivotX, PivotY, JointRadius, JointColor));
        scene.Add(new CirclePrimitive(ex, ey, JointRadius, JointColor));

        var height = -Math.Cos(state.Theta1) - Math.Cos(state.Theta2 + state.Theta1);
        var label = $"tip height = {CartPole.CartPoleScene.Signed(height, 2)} (goal > 1)";
        scene.Add(new TextPrimitive(0.1, 0.1, label, 0.16, TextColor));
        return scene;
    }
}
