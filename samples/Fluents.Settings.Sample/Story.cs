using Fluents.Settings.Accounts;
using Fluents.Settings.InMemory;
using Fluents.Settings.Members;
using NodaTime.Testing;

namespace Fluents.Settings.Sample;

/// <summary>What every chapter of the walkthrough shares: the wired service, the clock, the account and its first admin.</summary>
internal sealed record Story(InMemorySettings Settings, FakeClock Clock, AccountId Account, UserId Admin)
{
    public Application.SettingsService Service => Settings.Service;
}

/// <summary>The environments the walkthrough creates (the product docs' A, B and C).</summary>
internal sealed record EnvironmentsOfTheStory(Environments.EnvironmentId Production, Environments.EnvironmentId Staging, Environments.EnvironmentId Research, string StagingKey);
