using RLArena.Core.Errors;
using TorchSharp;

namespace RLArena.Engine.Devices;

/// <summary>Turns <c>auto|cpu|cuda[:N]</c> into a torch device and sets the CPU thread count.</summary>
public static class DeviceSelector
{
    /// <summary>The valid <c>--device</c> values, for messages.</summary>
    public const string Choices = "auto, cpu, cuda, cuda:N";

    /// <summary>Whether TorchSharp sees a CUDA device (false when the native libraries cannot load).</summary>
    public static bool CudaAvailable
    {
        get
        {
            try { return torch.cuda.is_available(); }
            catch (Exception) { return false; }
        }
    }

    /// <summary>auto = CUDA when TorchSharp reports it, else CPU. Asking for cuda where there is none is an error.</summary>
    public static torch.Device Resolve(string? choice)
    {
        TorchRuntime.EnsureLoaded();
        var text = string.IsNullOrWhiteSpace(choice) ? "auto" : choice.Trim().ToLowerInvariant();
        if (text == "auto") return CudaAvailable ? torch.CUDA : torch.CPU;
        if (text == "cpu") return torch.CPU;
        if (text == "cuda" || text.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!CudaAvailable)
            {
                throw new UsageException(
                    $"--device {text}: CUDA is not available to TorchSharp here. Use --device cpu, or build with " +
                    "-p:TorchBackend=cuda on a machine with an NVIDIA driver (see docs/guides/native-libraries.md, 'CUDA').");
            }
            return new torch.Device(text);
        }
        throw new UsageException($"--device {choice}: unknown device; expected one of {Choices}.");
    }

    /// <summary>Sets torch's intra-op threads; 0 or less keeps TorchSharp's default.</summary>
    public static void SetThreads(int threads)
    {
        TorchRuntime.EnsureLoaded();
        if (threads > 0) torch.set_num_threads(threads);
    }

    /// <summary>Torch's current number of intra-op CPU threads.</summary>
    public static int Threads => torch.get_num_threads();
}
