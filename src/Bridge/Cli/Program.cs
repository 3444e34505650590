namespace RovDsp.Bridge.Cli;

/// <summary>Entry point of rovdsp-bridge.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => BridgeCommand.RunAsync(args, Console.Out, Console.Error);
}
