namespace Fluents.Settings.Environments;

/// <summary>One row of Settings → Environments.</summary>
/// <param name="Id">The environment's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="ApiKey">The masked API key, e.g. <c>flk_…Ab3x</c> (R25).</param>
/// <param name="MaxConcurrentCalls">Its Max Concurrent Calls.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Hidden">Whether it is hidden from the selector (R4).</param>
/// <param name="PreviousApiKeyValidUntil">While a rotated key's grace period runs, until when the previous key works.</param>
public sealed record EnvironmentRow(EnvironmentId Id, string Name, string ApiKey, int MaxConcurrentCalls, Instant CreatedAt, bool Hidden, Instant? PreviousApiKeyValidUntil);

/// <summary>Settings → Environments: every environment (hidden ones too), oldest first, with the plan's totals.</summary>
/// <param name="Rows">The environments.</param>
/// <param name="PlanLimit">The plan's concurrent calls, P.</param>
/// <param name="Allocated">The sum of the environments' limits.</param>
/// <param name="Unallocated">The calls no environment holds (0 when over-allocated).</param>
/// <param name="IsOverAllocated">Whether the environments hold more than the plan (R12).</param>
public sealed record EnvironmentsTable(IReadOnlyList<EnvironmentRow> Rows, int PlanLimit, int Allocated, int Unallocated, bool IsOverAllocated);

/// <summary>One entry of the environment selector at the top of the app.</summary>
/// <param name="Id">The environment's id.</param>
/// <param name="Name">Its name.</param>
public sealed record EnvironmentOption(EnvironmentId Id, string Name);
