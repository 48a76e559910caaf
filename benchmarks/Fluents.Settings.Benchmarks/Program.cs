using BenchmarkDotNet.Running;
using Fluents.Settings.Benchmarks;

// `-- redis-gate [seconds]`: the Redis gate's latency, round trips and renewal traffic against the anchor (README table).
if (args is ["redis-gate", ..]) return await RedisGateMeasurement.RunAsync(args);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
