using System.Globalization;
using RLArena.Agents.Dqn;
using RLArena.Agents.Ppo;
using RLArena.Agents.Training;
using RLArena.Core.Errors;
using RLArena.Engine.Config;

namespace RLArena.Agents.Tests.Training;

/// <summary>Rules between settings, NaN and infinity for every float key, and the steps a run really trains.</summary>
public class ConfigCombinationTests
{
    private static string Error(AgentConfig config) => Assert.Throws<UsageException>(config.Validate)!.Message;

    [Test]
    public void DqnCombinationsThatCannotWorkAreRefused()
    {
        Assert.That(Error(new DqnConfig { BatchSize = 256, BufferSize = 100 }),
            Does.StartWith("batch_size=256 is larger than buffer_size=100"));
        Assert.That(Error(new DqnConfig { TotalTimesteps = 5_000, LearningStarts = 5_000 }),
            Does.StartWith("learning_starts=5000 is not below total_timesteps=5000"));
        Assert.That(Error(new DqnConfig { StartE = 0.1, EndE = 0.5 }), Does.StartWith("end_e=0.5 is above start_e=0.1"));
        Assert.DoesNotThrow(new DqnConfig { TotalTimesteps = 10_001, LearningStarts = 10_000 }.Validate);
    }

    [Test]
    public void SacsGsdeSampleFrequencyOfZeroIsRefused()
    {
        Assert.That(Error(new RLArena.Agents.Sac.SacConfig { UseSde = true, SdeSampleFreq = 0 }), Does.StartWith("sde_sample_freq=0 is out of range"));
        Assert.DoesNotThrow(new RLArena.Agents.Sac.SacConfig { UseSde = true, SdeSampleFreq = 8 }.Validate);
    }

    [Test]
    public void APpoRolloutLargerThanTheBudgetIsRefused()
    {
        var message = Error(new PpoConfig { NumEnvs = 4, NumSteps = 128, TotalTimesteps = 100 });
        Assert.That(message, Is.EqualTo("num_envs × num_steps = 4 × 128 = 512 is a larger rollout than total_timesteps=100; lower num_steps or num_envs, or raise total_timesteps to at least 512."));
        Assert.DoesNotThrow(new PpoConfig { NumEnvs = 4, NumSteps = 128, TotalTimesteps = 512 }.Validate);
    }

    [Test]
    public void TheStepsReallyTrainedAreSaidWhenTheyDiffer()
    {
        var ppo = new PpoConfig { NumEnvs = 4, NumSteps = 128, TotalTimesteps = 1_000 };
        Assert.That(ppo.PlannedSteps, Is.EqualTo(512));
        Assert.That(ppo.PlannedStepsNote(), Is.EqualTo("total_timesteps=1,000 is not a multiple of the rollout size 512 (num_envs × num_steps; PPO trains whole rollouts), so 512 steps will be trained."));
        Assert.That(new PpoConfig { NumEnvs = 4, NumSteps = 128, TotalTimesteps = 1_024 }.PlannedStepsNote(), Is.Null);

        var dqn = new DqnConfig { NumEnvs = 3, TotalTimesteps = 20_000 };
        Assert.That(dqn.PlannedSteps, Is.EqualTo(20_001));
        Assert.That(dqn.PlannedStepsNote(), Does.Contain("20,001 steps will be trained"));
        Assert.That(new DqnConfig { NumEnvs = 1, TotalTimesteps = 20_000 }.PlannedStepsNote(), Is.Null);
    }

    [Test]
    public void NaNAndInfinityAreRefusedForEveryFloatKey()
    {
        foreach (var algorithm in AlgorithmRegistry.All)
        {
            var type = algorithm.CreateConfig().GetType();
            var floats = type.GetProperties().Where(p => p.CanWrite && (p.PropertyType == typeof(double) || p.PropertyType == typeof(float))).ToList();
            Assert.That(floats, Is.Not.Empty);
            foreach (var property in floats)
            {
                var key = ConfigBinder.SnakeCase(property.Name);
                foreach (var text in new[] { "NaN", "Infinity", "-Infinity", "1e999" })
                {
                    var config = algorithm.CreateConfig();
                    ConfigBinder.Apply(config, [new(key, text)], "test");
                    var message = Error(config);
                    Assert.That(message, Does.StartWith($"{key}=").And.Contain(ConfigBinder.RangeOf(type, key)!.ToString()), $"{algorithm.Name} {key}={text}");
                    Assert.That(message, Does.Not.Contain("\n"));
                }
            }
        }
        Assert.That(double.Parse("1e999", CultureInfo.InvariantCulture), Is.EqualTo(double.PositiveInfinity), "the text overflows to infinity");
    }
}
