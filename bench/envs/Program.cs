// Environment throughput on one thread: raw CartPole, raw GridWorld, and 8-copy VectorEnvs with autoreset, plus the
// bytes allocated per step in steady state, and the ratio to a Python+NumPy CartPole stand-in for the Python peer
// (cartpole_python_reference.py; Gymnasium itself is not installable here).
// Usage: dotnet run -c Release --project bench/envs [-- seconds-per-trial [trials [--no-python]]]
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using RLArena.Environments;
using RLArena.Environments.CartPole;
using RLArena.Environments.GridWorld;
using RLArena.Environments.Vector;

var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var seconds = numbers.Length > 0 ? double.Parse(numbers[0], CultureInfo.InvariantCulture) : 1.0;
var trials = numbers.Length > 1 ? int.Parse(numbers[1], CultureInfo.InvariantCulture) : 5;
var withPython = !args.Contains("--no-python");

Console.WriteLine($"RLArena environment benchmark: .NET {Environment.Version}, {Environment.ProcessorCount} cores, one thread, " +
                  $"{trials} trials of ~{seconds:0.##} s each (best and median shown)");
Console.WriteLine();
Console.WriteLine("steps/s = env steps per wall-clock second; per CPU-s = per second of this thread's CPU time (steadier when");
Console.WriteLine("other processes share the cores). Targets are checked against the best wall-clock figure.");
Console.WriteLine();
Console.WriteLine($"{"benchmark",-40} {"best steps/s",13} {"median",13} {"best per CPU-s",15} {"alloc B/step",13}  target");

var results = new List<(string Name, double Best, double BestCpu, double Target)>
{
    Report("CartPole raw (CartPoleEnv)", RawCartPole, 20e6),
    Report("GridWorld raw 5x5 vector obs", () => RawGridWorld(new GridWorldOptions()), 5e6),
    Report("GridWorld raw 5x5 visual obs", () => RawGridWorld(new GridWorldOptions(Observation: GridObservationKind.Visual)), 0),
    Report("VectorEnv 8 x cartpole (autoreset)", () => Vector("cartpole", 8), 10e6),
    Report("VectorEnv 8 x gridworld (autoreset)", () => Vector("gridworld", 8), 0),
};
Console.WriteLine();
if (withPython) ComparePython(results[0].Best, results[0].BestCpu);
var failed = results.Where(r => r.Target > 0 && r.Best < r.Target).ToList();
Console.WriteLine(failed.Count == 0
    ? "All targets met."
    : "Below target: " + string.Join(", ", failed.Select(f => f.Name)));
return 0;

(string, double, double, double) Report(string name, Func<Trial> make, double target)
{
    var trial = make();
    trial.Run(trial.StepsPerCall * 20_000); // warm up: tiered JIT, PGO
    var rates = new List<double>();
    var cpuRates = new List<double>();
    long allocated = 0, measuredSteps = 0;
    // Calibrate the steps per trial to about `seconds`.
    var calibration = Stopwatch.StartNew();
    long calibrationSteps = trial.Run(2_000_000);
    var perTrial = (long)(calibrationSteps / calibration.Elapsed.TotalSeconds * seconds);
    for (var t = 0; t < trials; t++)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var cpuStart = ThreadCpu.Seconds();
        var watch = Stopwatch.StartNew();
        var steps = trial.Run(perTrial);
        watch.Stop();
        var cpu = ThreadCpu.Seconds() - cpuStart;
        allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        measuredSteps += steps;
        rates.Add(steps / watch.Elapsed.TotalSeconds);
        if (cpu > 0) cpuRates.Add(steps / cpu);
    }
    rates.Sort();
    var best = rates[^1];
    var median = rates[rates.Count / 2];
    var perStep = (double)allocated / measuredSteps;
    var targetText = target > 0 ? $">= {target / 1e6:0} M {(best >= target ? "ok" : "MISSED")}" : "";
    var cpuText = cpuRates.Count > 0 ? cpuRates.Max().ToString("N0", CultureInfo.InvariantCulture) : "n/a";
    Console.WriteLine($"{name,-40} {best,13:N0} {median,13:N0} {cpuText,15} {perStep,13:0.###}  {targetText}");
    return (name, best, cpuRates.Count > 0 ? cpuRates.Max() : 0, target);
}

Trial RawCartPole()
{
    var env = new CartPoleEnv();
    var obs = new float[4];
    env.Reset(0, obs);
    return new Trial(1, n =>
    {
        for (long i = 0; i < n; i++)
        {
            // A cheap state-dependent policy so episodes last a while and branches are not trivially predictable.
            var action = obs[2] + obs[3] > 0 ? 1 : 0;
            if (env.Step(action, obs).Terminated) env.Reset(null, obs);
        }
        return n;
    });
}

Trial RawGridWorld(GridWorldOptions options)
{
    var env = new GridWorldEnv(options);
    var obs = new float[env.ObservationSpace.Size];
    env.Reset(0, obs);
    var action = 0;
    return new Trial(1, n =>
    {
        for (long i = 0; i < n; i++)
        {
            action = action == 4 ? 0 : action + 1;
            var outcome = env.Step(action, obs);
            if (outcome.Terminated || outcome.Truncated) env.Reset(null, obs);
        }
        return n;
    });
}

Trial Vector(string spec, int count)
{
    var vec = EnvRegistry.MakeVector(spec, count);
    vec.Reset(0);
    var actions = new int[count];
    var obsSize = vec.ObservationSize;
    var actionCount = vec.ActionCount;
    var rotation = 0;
    return new Trial(count, n =>
    {
        var calls = n / count;
        for (long t = 0; t < calls; t++)
        {
            for (var i = 0; i < count; i++)
            {
                // CartPole: the same cheap policy; GridWorld: the first allowed action after a rotating start.
                if (actionCount == 2)
                {
                    actions[i] = vec.Observations[i * obsSize + 2] + vec.Observations[i * obsSize + 3] > 0 ? 1 : 0;
                }
                else
                {
                    rotation = rotation == actionCount - 1 ? 0 : rotation + 1;
                    var a = rotation;
                    while (!vec.ActionMasks[i * actionCount + a]) a = a == actionCount - 1 ? 0 : a + 1;
                    actions[i] = a;
                }
            }
            vec.Step(actions);
            foreach (var _ in vec.CompletedEpisodesSpan) { }
        }
        return calls * count;
    });
}

void ComparePython(double ours, double oursCpu)
{
    var script = Path.Combine(AppContext.BaseDirectory, "cartpole_python_reference.py");
    try
    {
        var info = new ProcessStartInfo("/usr/bin/python3", [script, seconds.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        var error = process.StandardError.ReadToEnd().Trim();
        process.WaitForExit();
        var numbersOut = output.Split(' ').Select(w => w.Replace(",", "")).Where(w => w.Length > 0 && w.All(char.IsDigit))
            .Select(w => double.Parse(w, CultureInfo.InvariantCulture)).ToArray();
        if (process.ExitCode != 0 || numbersOut.Length < 2)
        {
            Console.WriteLine($"Python comparison skipped: {(error.Length > 0 ? error.Split('\n')[^1] : output)}");
            return;
        }
        Console.WriteLine(output);
        var (rate, cpuRate) = (numbersOut[^2], numbersOut[^1]);
        Console.WriteLine($"CartPole raw vs the Python+NumPy stand-in: {ours / rate:N0}x wall-clock, {(oursCpu > 0 ? (oursCpu / cpuRate).ToString("N0", CultureInfo.InvariantCulture) + "x" : "n/a")} per CPU-s");
    }
    catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
    {
        Console.WriteLine($"Python comparison skipped: {e.Message}");
    }
    Console.WriteLine();
}

/// <summary>This thread's CPU time (Linux clock_gettime(CLOCK_THREAD_CPUTIME_ID)); 0 where unavailable.</summary>
static class ThreadCpu
{
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    public static double Seconds()
    {
        try
        {
            return ClockGetTime(3, out var t) == 0 ? t.Seconds + t.Nanoseconds * 1e-9 : 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
    }
}

/// <summary>A benchmark body: Run(n) takes about n env steps and returns how many it took.</summary>
sealed record Trial(int StepsPerCall, Func<long, long> Run);
