using Microsoft.Extensions.Options;

namespace Fluents.Settings.Hosting.PostgreSql;

// Every rule of the adapters' options, reported at start with the section; the connection string only when the host
// brought no NpgsqlDataSource of its own.
internal sealed class PostgreSqlHostingOptionsValidator(Func<bool> connectsItself) : IValidateOptions<PostgreSqlHostingOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgreSqlHostingOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString) && connectsItself())
            failures.Add($"{PostgreSqlHostingOptions.SectionName}:ConnectionString is required unless the host registers its own NpgsqlDataSource.");
        try
        {
            options.ToSettingsOptions(metrics: null);
        }
        catch (ArgumentException invalid)
        {
            failures.Add($"{PostgreSqlHostingOptions.SectionName}: {invalid.Message}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
