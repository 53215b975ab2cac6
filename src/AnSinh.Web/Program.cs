using AnSinh.Web;
using AnSinh.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddAnSinh();

var app = builder.Build();
var demoCreated = await DatabaseInitializer.InitializeAsync(app.Services,
    DatabaseInitializer.SeedsDemo(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value, app.Environment));
app.UseAnSinh();
app.WarnIfKeysUnprotected();
app.PrintStartupBanner(demoCreated, await DatabaseInitializer.ExistingDemoLoginsAsync(app.Services));
await app.RunAsync();

/// <summary>Entry point type, visible to the in-process HTTP tests.</summary>
public partial class Program;
