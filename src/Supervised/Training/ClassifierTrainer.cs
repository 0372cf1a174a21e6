using System.Diagnostics;
using RLArena.Engine.Numerics;
using RLArena.Supervised.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace RLArena.Supervised.Training;

/// <summary>
/// The tutorial's training loop, done without per-sample or per-step host work: each epoch draws one permutation,
/// each step slices its batch out of the dataset tensor with <c>index_select</c>, runs forward, cross-entropy,
/// backward and the optimizer step inside its own dispose scope, and adds the loss to an on-device float64 sum.
/// That sum is read once per log interval, so the printed mean is exactly the tutorial's
/// <c>running_loss += loss.item()</c> divided by 100, without a host round trip every step. At the same points (every
/// log interval and the end of the epoch) a <see cref="FiniteCheck"/> reads whether any loss, gradient or weight since
/// the last check was NaN or infinite, and throws <see cref="NonFiniteValueException"/> (with the steps) when one was,
/// before the model is evaluated or saved.
/// </summary>
public sealed class ClassifierTrainer : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly TrainingOptimizer _optimizer;
    private readonly int _batchSize;
    private readonly int _logInterval;
    private readonly Tensor _runningLoss;
    private readonly FiniteCheck _finite;

    /// <summary>Trains <paramref name="model"/> with cross-entropy, one dispose scope per step.</summary>
    /// <param name="model">The classifier.</param>
    /// <param name="optimizer">SGD or Adam over its parameters.</param>
    /// <param name="batchSize">Samples per step.</param>
    /// <param name="logInterval">Steps between logged mean losses.</param>
    /// <param name="device">Where the model and data live.</param>
    public ClassifierTrainer(nn.Module<Tensor, Tensor> model, TrainingOptimizer optimizer, int batchSize, int logInterval, Device device)
    {
        _model = model;
        _optimizer = optimizer;
        _batchSize = batchSize;
        _logInterval = logInterval;
        _runningLoss = zeros(1, ScalarType.Float64, device);
        _finite = new FiniteCheck(device);
    }

    /// <summary>Optimizer steps taken so far, over all epochs.</summary>
    public long GlobalStep { get; private set; }

    /// <summary>Steps in one epoch: the last batch may be smaller.</summary>
    /// <param name="samples">Training samples.</param>
    /// <param name="batchSize">Samples per step.</param>
    public static int StepsPerEpoch(int samples, int batchSize) => (samples + batchSize - 1) / batchSize;

    /// <summary>
    /// Trains one epoch (1-based <paramref name="epoch"/>) and returns the mean training loss over its steps. When
    /// <paramref name="stop"/> fires, the epoch ends early after the current step (at least one step is always taken).
    /// </summary>
    public double TrainEpoch(DatasetTensors train, int epoch, int epochs, ITrainingObserver? observer = null,
        CancellationToken stop = default)
    {
        var count = train.Count;
        var steps = StepsPerEpoch(count, _batchSize);
        observer?.EpochStarted(epoch, epochs, steps);
        _model.train();
        var clock = Stopwatch.StartNew();
        double epochLossSum = 0;
        var pending = 0;
        using var order = randperm(count, ScalarType.Int64, train.Images.device);
        ResetRunningLoss();
        long samples = 0;
        var taken = 0;
        var checkedUpTo = 0;
        for (var step = 1; step <= steps; step++)
        {
            if (step > 1 && stop.IsCancellationRequested) break;
            using (var scope = NewDisposeScope())
            {
                var start = (step - 1) * _batchSize;
                var length = Math.Min(_batchSize, count - start);
                var batch = order.narrow(0, start, length);
                var images = train.Images.index_select(0, batch);
                var labels = train.Labels.index_select(0, batch);

                _optimizer.ZeroGrad();
                var loss = nn.functional.cross_entropy(_model.call(images), labels);
                loss.backward();
                _finite.AddLoss(loss);
                _optimizer.Step();
                _runningLoss.add_(loss.detach());
                samples += length;
            }
            pending++;
            taken++;
            GlobalStep++;
            if (step % _logInterval == 0)
            {
                CheckFinite(epoch, checkedUpTo + 1, step);
                checkedUpTo = step;
                var sum = _runningLoss.item<double>();
                ResetRunningLoss();
                epochLossSum += sum;
                pending = 0;
                observer?.LossLogged(epoch, step, sum / _logInterval);
            }
            observer?.StepFinished(epoch, step, steps, samples, clock.Elapsed.TotalSeconds);
        }
        if (taken > checkedUpTo) CheckFinite(epoch, checkedUpTo + 1, taken);
        if (pending > 0)
        {
            epochLossSum += _runningLoss.item<double>();
            ResetRunningLoss();
        }
        return epochLossSum / taken;
    }

    private void CheckFinite(int epoch, int fromStep, int toStep)
    {
        try
        {
            _finite.ThrowIfNotFinite(_optimizer.Weights(_model), _optimizer.FlatGradients);
        }
        catch (NonFiniteValueException e)
        {
            var steps = fromStep == toStep ? $"step {toStep}" : $"steps {fromStep}-{toStep}";
            throw new NonFiniteValueException(e.Quantity) { Where = $"{steps} of epoch {epoch}" };
        }
    }

    /// <summary>Zeroes the loss sum; TorchSharp's in-place ops return a new handle, which the scope disposes.</summary>
    private void ResetRunningLoss()
    {
        using var scope = NewDisposeScope();
        _runningLoss.zero_();
    }

    /// <summary>Frees the running loss and the finiteness check.</summary>
    public void Dispose()
    {
        _finite.Dispose();
        _runningLoss.Dispose();
    }
}
