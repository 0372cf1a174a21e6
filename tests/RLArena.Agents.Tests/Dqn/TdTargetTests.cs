using RLArena.Agents.Dqn;
using RLArena.Engine.Devices;
using TorchSharp;

namespace RLArena.Agents.Tests.Dqn;

public class TdTargetTests
{
    [OneTimeSetUp]
    public void Load() => TorchRuntime.EnsureLoaded();

    // Three transitions, reward 1 each, gamma 0.9: a plain step, a terminated one, a truncated one (terminated = 0).
    private static (torch.Tensor Rewards, torch.Tensor Terminated, torch.Tensor TargetQ, torch.Tensor OnlineQ) Batch() => (
        torch.tensor(new[] { 1f, 1f, 1f }),
        torch.tensor(new[] { 0f, 1f, 0f }),
        torch.tensor(new[] { 1f, 3f, 2f, 4f, 5f, 0f }).reshape(3, 2),
        torch.tensor(new[] { 4f, 1f, 0f, 1f, 0f, 2f }).reshape(3, 2));

    [Test]
    public void PlainDqnTakesTheTargetMaxAndStopsAtTermination()
    {
        using var scope = torch.NewDisposeScope();
        var (r, d, targetQ, _) = Batch();
        var y = TdTarget.Compute(r, d, targetQ, null, null, 0.9).data<float>().ToArray();
        // 1 + .9*3; 1 (terminated); 1 + .9*5 (truncated bootstraps)
        Assert.That(y, Is.EqualTo(new[] { 3.7f, 1f, 5.5f }).Within(1e-6f));
    }

    [Test]
    public void DoubleDqnEvaluatesTheOnlineArgmaxWithTheTargetNet()
    {
        using var scope = torch.NewDisposeScope();
        var (r, d, targetQ, onlineQ) = Batch();
        var y = TdTarget.Compute(r, d, targetQ, onlineQ, null, 0.9).data<float>().ToArray();
        // online argmax 0, 1, 1 → target values 1, 4, 0
        Assert.That(y, Is.EqualTo(new[] { 1.9f, 1f, 1f }).Within(1e-6f));
    }

    [Test]
    public void MaskedNextActionsAreIgnored()
    {
        using var scope = torch.NewDisposeScope();
        var (r, d, targetQ, onlineQ) = Batch();
        var mask = torch.tensor(new[] { true, false, true, true, false, true }).reshape(3, 2);
        var plain = TdTarget.Compute(r, d, targetQ, null, mask, 0.9).data<float>().ToArray();
        Assert.That(plain, Is.EqualTo(new[] { 1.9f, 1f, 1f }).Within(1e-6f)); // row 0: only Q=1 allowed; row 2: only Q=0
        var twice = TdTarget.Compute(r, d, targetQ, onlineQ, mask, 0.9).data<float>().ToArray();
        Assert.That(twice, Is.EqualTo(new[] { 1.9f, 1f, 1f }).Within(1e-6f));
    }
}
