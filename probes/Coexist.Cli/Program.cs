using Coexist.Cli;

return await CoexistCommand.RunAsync(args, Console.Out, Console.Error);
