using System.CommandLine;
using RovDsp.Replay.Cli.Commands;

var root = new RootCommand("rovdsp-replay: simulated dives, imports and MCAP recordings for RovDsp.")
{
    SimulateCommand.Create(),
    ImportCommand.Create(),
    InfoCommand.Create(),
    RepairCommand.Create(),
};
return root.Parse(args).Invoke();
