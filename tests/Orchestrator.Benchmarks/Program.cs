// Benchmarks of the orchestrator on a throwaway PostgreSQL; they print numbers and assert nothing.
//   dotnet run -c Release --project tests/Orchestrator.Benchmarks -- store  [--iterations N] [--json]
//   dotnet run -c Release --project tests/Orchestrator.Benchmarks -- history [--iterations N] [--json]
//   dotnet run -c Release --project tests/Orchestrator.Benchmarks -- wakeup [--iterations N] [--poll S] [--json]
//   dotnet run -c Release --project tests/Orchestrator.Benchmarks -- soak [--cycles N] [--every N] [--poll S] [--idle S] [--variants a,b] [--json]
return await Orchestrator.Benchmarks.BenchCommand.RunAsync(args, Console.Out, Console.Error);
