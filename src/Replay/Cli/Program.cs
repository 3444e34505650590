using RovDsp.Replay.Cli;

return await ReplayCli.RunAsync(args).ConfigureAwait(false);
