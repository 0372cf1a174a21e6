using System.Runtime.InteropServices;
using RLArena.Engine.Checkpoints;
using RLArena.Engine.Devices;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RLArena.Cli.Commands;

/// <summary>A doctor: what is installed, what loads, which devices and threads, where data and libraylib are looked for.</summary>
public sealed class InfoCommand : Command<InfoCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Item").AddColumn("Value");
        table.AddRow("RLArena", Checkpoint.RLArenaVersion);
        table.AddRow(".NET", Markup.Escape(RuntimeInformation.FrameworkDescription));
        table.AddRow("OS", Markup.Escape($"{RuntimeInformation.OSDescription} ({RuntimeInformation.RuntimeIdentifier})"));
        table.AddRow("TorchSharp", Markup.Escape(TorchRuntime.TorchSharpVersion));

        var healthy = TorchRuntime.IsLoaded;
        if (healthy)
        {
            table.AddRow("libtorch", Markup.Escape(TorchRuntime.LibTorchVersion));
            table.AddRow("Native libraries", "[green]loaded[/]");
            var cuda = DeviceSelector.CudaAvailable;
            table.AddRow("Devices", cuda ? "cpu, [green]cuda[/]" : "cpu (no CUDA: this build uses TorchSharp-cpu, or no NVIDIA driver)");
            table.AddRow("Default device (--device auto)", cuda ? "cuda" : "cpu");
            table.AddRow("Threads (torch)", DeviceSelector.Threads.ToString());
        }
        else
        {
            try { TorchRuntime.EnsureLoaded(); }
            catch (Core.Errors.UserFacingException e) { table.AddRow("Native libraries", "[red]FAILED[/]: " + Markup.Escape(e.Message)); }
        }
        table.AddRow("CPU cores", Environment.ProcessorCount.ToString());
        foreach (var (name, value) in DoctorSections.Extra()) table.AddRow(Markup.Escape(name), Markup.Escape(value));
        console.Write(table);
        return healthy ? 0 : 1;
    }
}
