using BenchmarkDotNet.Running;
using ToolGen.Benchmarks.Quick;

// dotnet run -c Release --project tests/ToolGen.Benchmarks -- --quick          everything, short job, summary.md
// dotnet run -c Release --project tests/ToolGen.Benchmarks -- --filter '*'     BenchmarkDotNet's own switcher
if (args.Contains("--quick"))
{
    return QuickRun.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(QuickRun).Assembly).Run(args);
return 0;
