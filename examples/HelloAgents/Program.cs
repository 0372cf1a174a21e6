// HelloAgents: the smallest app built on the RLArena packages. It checks the three things a game developer needs
// first: TorchSharp's native libraries load, an environment comes from the registry and steps, and an agent trains.
using RLArena.Agents.Ppo;
using RLArena.Environments;
using TorchSharp;

// 1. TorchSharp: a tensor computed by libtorch (this fails at once if the native libraries do not load).
using (var x = torch.arange(1, 5, dtype: torch.float32))
{
    Console.WriteLine($"torch: sum of 1..4 = {x.sum().item<float>()} (libtorch via TorchSharp {typeof(torch).Assembly.GetName().Version})");
}

// 2. An environment from the registry, stepped with a fixed action until its episode ends.
var env = EnvRegistry.Make("cartpole");
env.Reset(seed: 1);
int steps = 0;
double total = 0;
while (true)
{
    var result = env.Step(steps % 2);
    total += result.Reward;
    steps++;
    if (result.Terminated || result.Truncated) break;
}
Console.WriteLine($"cartpole: alternating left/right lasted {steps} steps, return {total}");

// 3. PPO, briefly: 4 updates of 512 steps (4 environments x 128 steps).
var config = new PpoConfig { Env = "cartpole", Seed = 1, TotalTimesteps = 2048 };
using var trainer = new PpoTrainer(config, torch.CPU);
while (!trainer.Finished)
{
    trainer.RunUpdate();
}
Console.WriteLine($"ppo: {trainer.Updates} updates, {trainer.GlobalStep} steps");
