using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/ToolGen.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(ToolGen.Benchmarks.Dispatch.DispatchBenchmarks).Assembly).Run(args);
