namespace RLArena.Core.Statistics;

/// <summary>
/// Final scores arranged as rliable arranges them: one row per run (a seed) and one column per task (an
/// environment). A sweep's configuration on one environment is a matrix with a single column.
/// </summary>
public sealed class ScoreMatrix
{
    private readonly double[,] _scores;

    /// <summary>Copies a runs × tasks table of scores; every score must be a finite number.</summary>
    /// <param name="scores">The scores, indexed [run, task]; at least one run and one task.</param>
    public ScoreMatrix(double[,] scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.GetLength(0) == 0 || scores.GetLength(1) == 0)
            throw new ArgumentException("A score matrix needs at least one run and one task.", nameof(scores));
        foreach (var s in scores)
            if (!double.IsFinite(s))
                throw new ArgumentException($"Scores must be finite numbers, not {s}.", nameof(scores));
        _scores = (double[,])scores.Clone();
    }

    /// <summary>A single-task matrix: one score per run (seed).</summary>
    /// <param name="runScores">The runs' scores, at least one.</param>
    public static ScoreMatrix FromRuns(IReadOnlyList<double> runScores)
    {
        ArgumentNullException.ThrowIfNull(runScores);
        var m = new double[runScores.Count, 1];
        for (var i = 0; i < runScores.Count; i++) m[i, 0] = runScores[i];
        return new ScoreMatrix(m);
    }

    /// <summary>The number of runs (rows).</summary>
    public int Runs => _scores.GetLength(0);

    /// <summary>The number of tasks (columns).</summary>
    public int Tasks => _scores.GetLength(1);

    /// <summary>The score of one run on one task.</summary>
    /// <param name="run">The row, from 0.</param>
    /// <param name="task">The column, from 0.</param>
    public double this[int run, int task] => _scores[run, task];

    /// <summary>Every score, row by row (runs × tasks values).</summary>
    public double[] Flatten()
    {
        var all = new double[Runs * Tasks];
        var i = 0;
        foreach (var s in _scores) all[i++] = s;
        return all;
    }

    /// <summary>The scores of one task, one per run.</summary>
    /// <param name="task">The column, from 0.</param>
    public double[] Column(int task)
    {
        var column = new double[Runs];
        for (var r = 0; r < Runs; r++) column[r] = _scores[r, task];
        return column;
    }

    /// <summary>
    /// Wraps, without copying or checking, an array that holds only finite numbers: the bootstrap's resample buffer,
    /// refilled between calls of the statistic (no statistic keeps the matrix it is given).
    /// </summary>
    internal static ScoreMatrix Wrap(double[,] scores) => new(scores, copy: false);

    private ScoreMatrix(double[,] scores, bool copy) => _scores = copy ? (double[,])scores.Clone() : scores;
}
