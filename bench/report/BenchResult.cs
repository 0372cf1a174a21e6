namespace RLArena.Bench.Report;

/// <summary>One run of a bench script, as it wrote it to bench/results/ (schema rlarena-bench/1).</summary>
/// <param name="File">The file it was read from.</param>
/// <param name="Benchmark">The benchmark's name, e.g. "mnist" or "rl-throughput"; results with the same name are runs of the same benchmark.</param>
/// <param name="Title">What was measured, in a sentence.</param>
/// <param name="Date">When the run began (UTC).</param>
/// <param name="Commit">The git commit measured ("+changes" when the work tree had uncommitted changes).</param>
/// <param name="Machine">The machine and how busy it was.</param>
/// <param name="Settings">The settings the figures depend on.</param>
/// <param name="Peers">The programs compared against, with versions.</param>
/// <param name="Figures">The figures.</param>
/// <param name="Curves">Learning curves, one entry per curve name with one run per seed.</param>
public sealed record BenchResult(string File, string Benchmark, string Title, DateTimeOffset Date, string Commit, MachineInfo Machine,
    IReadOnlyDictionary<string, string> Settings, IReadOnlyList<PeerInfo> Peers, IReadOnlyList<Figure> Figures,
    IReadOnlyList<CurveSet> Curves);

/// <summary>The machine a result was measured on.</summary>
/// <param name="Cpu">The CPU model.</param>
/// <param name="Cores">The number of logical cores.</param>
/// <param name="Os">The operating system.</param>
/// <param name="LoadBefore">The 1-, 5- and 15-minute load averages before the run.</param>
/// <param name="LoadAfter">The load averages after the run; null when the script did not finish recording.</param>
public sealed record MachineInfo(string Cpu, int Cores, string Os, IReadOnlyList<double> LoadBefore, IReadOnlyList<double>? LoadAfter);

/// <summary>A program compared against.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Version">Its version.</param>
public sealed record PeerInfo(string Name, string Version);

/// <summary>One figure of a result.</summary>
/// <param name="Subject">Who was measured ("rlarena mnist", "PyTorch tutorial"...).</param>
/// <param name="Metric">What was measured ("wall time", "PPO throughput"...); figures with the same metric are compared.</param>
/// <param name="Value">The value.</param>
/// <param name="Unit">Its unit ("s", "steps/s", "%").</param>
/// <param name="HigherIsBetter">True when a higher value is better.</param>
/// <param name="Source">"measured" when this run measured it; otherwise where the figure comes from.</param>
public sealed record Figure(string Subject, string Metric, double Value, string Unit, bool HigherIsBetter, string Source)
{
    /// <summary>True when this run measured the figure itself.</summary>
    public bool IsMeasured => Source == "measured";

    /// <summary>True for a figure of RLArena itself (its subject starts with "rlarena").</summary>
    public bool IsRLArena => Subject.StartsWith("rlarena", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The learning curves of one setup, one run per seed.</summary>
/// <param name="Name">The setup, e.g. "PPO CartPole-v1".</param>
/// <param name="Metric">The logged metric, e.g. "charts/episodic_return".</param>
/// <param name="Runs">The runs (seeds).</param>
public sealed record CurveSet(string Name, string Metric, IReadOnlyList<CurveRun> Runs);

/// <summary>One seed's learning curve.</summary>
/// <param name="Seed">The seed.</param>
/// <param name="Points">(step, value) points in increasing step.</param>
public sealed record CurveRun(int Seed, IReadOnlyList<(double Step, double Value)> Points);
