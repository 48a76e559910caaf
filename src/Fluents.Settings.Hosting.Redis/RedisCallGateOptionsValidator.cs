using Fluents.Settings.Redis.Concurrency;
using Microsoft.Extensions.Options;

namespace Fluents.Settings.Hosting.Redis;

// The gate's own rules (RedisCallGateOptions.Validate), reported at start with the configuration key they concern.
internal sealed class RedisCallGateOptionsValidator : IValidateOptions<RedisCallGateOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisCallGateOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException invalid)
        {
            return ValidateOptionsResult.Fail($"{RedisCallGateHostingOptions.SectionName}: {invalid.Message}");
        }
    }
}

// A connection string is needed only when the host brought no multiplexer of its own.
internal sealed class RedisCallGateHostingOptionsValidator(Func<bool> connectsItself) : IValidateOptions<RedisCallGateHostingOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisCallGateHostingOptions options) =>
        string.IsNullOrWhiteSpace(options.Configuration) && connectsItself()
            ? ValidateOptionsResult.Fail(
                $"{RedisCallGateHostingOptions.SectionName}:Configuration is required (e.g. \"127.0.0.1:6379\") unless the host registers its own IConnectionMultiplexer.")
            : ValidateOptionsResult.Success;
}
