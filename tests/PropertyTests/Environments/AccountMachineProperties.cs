using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Fluents.Settings.PropertyTests.Environments;

/// <summary>
/// (a) Model-based: random sessions of every environment and allocation operation (create, edit name and limit,
/// hide, unhide, delete with right and wrong confirmation, reallocate, plan up and down, rebalance fresh and
/// stale, key rotation) by the Admin, a Member and a stranger, with valid and invalid input, checked after every
/// step by <see cref="AccountInvariants"/>.
/// </summary>
public class AccountMachineProperties
{
    [Property(MaxTest = 200)]
    public Property Aggregate_agrees_with_the_model_and_keeps_R2_to_R12() => new AccountMachine().ToProperty();
}
