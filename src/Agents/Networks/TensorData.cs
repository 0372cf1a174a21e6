using System.Runtime.InteropServices;
using TorchSharp;

namespace RLArena.Agents.Networks;

/// <summary>Fast copies between C# spans and tensors: one memory copy each way, whatever the device.</summary>
public static class TensorData
{
    /// <summary>A new float tensor of <paramref name="shape"/> holding <paramref name="data"/>, on <paramref name="device"/>.</summary>
    public static torch.Tensor FromSpan(ReadOnlySpan<float> data, long[] shape, torch.Device device) =>
        FromSpan(data, shape, torch.float32, device);

    /// <summary>A new int64 tensor of <paramref name="shape"/> holding <paramref name="data"/>, on <paramref name="device"/>.</summary>
    /// <param name="data">The values, row-major.</param>
    /// <param name="shape">The tensor's shape.</param>
    /// <param name="device">Where the tensor lives.</param>
    public static torch.Tensor FromSpan(ReadOnlySpan<long> data, long[] shape, torch.Device device) =>
        FromSpan(data, shape, torch.int64, device);

    /// <summary>A new bool tensor of <paramref name="shape"/> holding <paramref name="data"/>, on <paramref name="device"/>.</summary>
    /// <param name="data">The values, row-major.</param>
    /// <param name="shape">The tensor's shape.</param>
    /// <param name="device">Where the tensor lives.</param>
    public static torch.Tensor FromSpan(ReadOnlySpan<bool> data, long[] shape, torch.Device device) =>
        FromSpan(data, shape, torch.@bool, device);

    /// <summary>One memory copy into a CPU tensor of the matching element type, then a move when the device is not the CPU.</summary>
    private static torch.Tensor FromSpan<T>(ReadOnlySpan<T> data, long[] shape, torch.ScalarType type, torch.Device device)
        where T : unmanaged
    {
        var cpu = torch.empty(shape, type);
        MemoryMarshal.AsBytes(data).CopyTo(cpu.bytes);
        if (device.type == DeviceType.CPU) return cpu;
        var moved = cpu.to(device);
        cpu.Dispose();
        return moved;
    }

    /// <summary>Copies a float tensor (any device, any layout) into <paramref name="target"/>.</summary>
    public static void CopyTo(torch.Tensor tensor, Span<float> target)
    {
        using var scope = torch.NewDisposeScope();
        var cpu = tensor.detach().to(torch.CPU).contiguous();
        MemoryMarshal.Cast<byte, float>(cpu.bytes).CopyTo(target);
    }
}
