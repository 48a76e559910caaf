// Fluents.Settings reference web host: the Settings page (Razor Pages) and its HTTP API (minimal APIs, JSON, problem
// details), on the packages' public API and AddFluentsSettings() only. Run: dotnet run --project samples/Fluents.Settings.WebHost
using Fluents.Settings.Hosting;
using System.Text.Json.Serialization;
using Fluents.Settings.WebHost.Api;
using Fluents.Settings.WebHost.Demo;

var builder = WebApplication.CreateBuilder(args);

// Keys and tokens never reach a log: the request line (which carries an accept link's token in its query) is not logged.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

// ---- Fluents.Settings: every service registration of the library is here. ----
// In memory by default. The adapter packages' Use… methods chain onto AddFluentsSettings() and read their configuration,
// so PostgreSQL and Redis come in here, with no other change to this host.
builder.Services.AddSingleton<IClock>(SystemClock.Instance); // before AddFluentsSettings (its TryAdd keeps this one); tests replace it with a FakeClock
var fluents = builder.Services.AddFluentsSettings();
if (builder.Configuration["FluentsSettings:PostgreSql:ConnectionString"] is { Length: > 0 }) fluents.UsePostgreSql();   // e.g. FluentsSettings__PostgreSql__ConnectionString
if (builder.Configuration["FluentsSettings:Redis:Configuration"] is { Length: > 0 }) fluents.UseRedisCallGate();         // e.g. FluentsSettings__Redis__Configuration
builder.Services.AddHealthChecks();
// ---- end of Fluents.Settings ----

builder.Services.AddSingleton<AfterSaveFailures>();
builder.Services.AddDemoAccount(builder.Configuration);
builder.Services.AddRazorPages(options =>
{
    options.Conventions.AuthorizeFolder("/Settings");
    options.Conventions.AllowAnonymousToFolder("/Demo");
    options.Conventions.AllowAnonymousToFolder("/Invitations");
});
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
    options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All)); // names as typed: café, 東京
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddOpenApi();

var app = builder.Build();

// Never the developer exception page: an exception's message may quote a value. Problem details, with nothing but the status.
app.UseExceptionHandler();
app.UseStatusCodePages();
app.Use(async (context, next) =>
{
    // Pages that show a key once, or carry a token, must not be cached or leak their address to another site.
    context.Response.Headers.CacheControl = "no-store";
    context.Response.Headers["Referrer-Policy"] = "no-referrer";
    context.Response.Headers.XContentTypeOptions = "nosniff";
    await next(context);
});
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi();
app.MapSettingsApi();
app.MapCallsApi();
app.MapRazorPages();
app.MapHealthChecks("/health/ready").ExcludeFromDescription(); // fluents_settings_postgresql and fluents_settings_redis when configured
app.MapGet("/", () => Results.Redirect("/settings/environments")).ExcludeFromDescription();

app.Run();

/// <summary>The web host's entry point (public so that the tests' <c>WebApplicationFactory</c> can start it).</summary>
public partial class Program;
