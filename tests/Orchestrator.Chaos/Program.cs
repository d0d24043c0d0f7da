// The chaos suite: incidents played against the built `orchestrator run`, one line of figures per scenario.
//   dotnet run -c Release --project tests/Orchestrator.Chaos -- --short        (every scenario, at most 5 minutes; CI)
//   dotnet run -c Release --project tests/Orchestrator.Chaos -- --long         (longer storms, 50 % faults, and the degrade benchmark)
//   dotnet run -c Release --project tests/Orchestrator.Chaos -- --scenario degrade
// Exit 0 when every invariant held, 1 when one broke, 2 on bad input.
return await Orchestrator.Chaos.ChaosCommand.RunAsync(args, Console.Out, Console.Error);
