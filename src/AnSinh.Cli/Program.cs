using System.CommandLine;
using AnSinh.Cli;

var root = new RootCommand("ansinh — công cụ dòng lệnh của AnSinh / AnSinh command line");
root.Subcommands.Add(Commands.Migrate());
root.Subcommands.Add(Commands.SeedDemo());
root.Subcommands.Add(Commands.Import());
root.Subcommands.Add(Commands.Users());
root.Subcommands.Add(Commands.Audit());
root.Subcommands.Add(Commands.Reference());
root.Subcommands.Add(Commands.Report());
root.Subcommands.Add(Commands.Generate());
root.Subcommands.Add(Commands.Bench());
root.Subcommands.Add(Commands.Monitoring());
return await root.Parse(args).InvokeAsync();
