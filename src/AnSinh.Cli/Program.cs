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
root.Subcommands.Add(Commands.Alerts());
try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (Environment.GetEnvironmentVariable("ANSINH_CLI_TRACE") != "1")
{
    // One line for the person at the terminal; ANSINH_CLI_TRACE=1 shows the whole exception.
    Console.Error.WriteLine($"Lỗi: {e.GetBaseException().Message}");
    Console.Error.WriteLine("(Đặt ANSINH_CLI_TRACE=1 để xem chi tiết.)");
    return 1;
}
