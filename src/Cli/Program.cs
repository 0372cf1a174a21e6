using RLArena.Cli;

return CliApp.Run(args);
