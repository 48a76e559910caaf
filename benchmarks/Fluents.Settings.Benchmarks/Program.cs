using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Fluents.Settings.Benchmarks;

// `-- redis-gate [seconds]`: the Redis gate's latency, round trips and renewal traffic against the anchor (README table).
if (args is ["redis-gate", ..]) return await RedisGateMeasurement.RunAsync(args);

// BenchmarkDotNet builds a project of its own first; on a busy 2-core machine that can take longer than its default 2 minutes.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10)));
return 0;
