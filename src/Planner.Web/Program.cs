using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using Planner.Data;
using Planner.Web;

var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration.GetConnectionString("Planner") ?? PlannerDatabase.DefaultConnectionString;
builder.Services.AddDbContext<PlannerDbContext>(options => PlannerDatabase.Configure(options, connectionString));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHostedService<DatabaseStartup>();
builder.Services.AddRazorPages();
// Chinese text stays readable in the HTML; markup characters are still encoded.
builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

var app = builder.Build();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
    app.UseHsts();
}
app.UseStaticFiles();
app.UseRouting();
app.MapRazorPages();
app.Run();

public partial class Program;
