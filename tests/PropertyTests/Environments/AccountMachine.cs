using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;

namespace Fluents.Settings.PropertyTests.Environments;

/// <summary>Random Settings-page sessions against an <see cref="Accounts.Account"/> and its <see cref="AccountModel"/>.</summary>
public sealed class AccountMachine : Machine<AccountUnderTest, AccountModel>
{
    public override Arbitrary<Setup<AccountUnderTest, AccountModel>> Setup =>
        AccountGenerators.StartingPoints().Select(start => (Setup<AccountUnderTest, AccountModel>)new StartingSetup(start)).ToArbitrary();

    public override Gen<Operation<AccountUnderTest, AccountModel>> Next(AccountModel model) =>
        AccountGenerators.Operation(model).Select(operation => (Operation<AccountUnderTest, AccountModel>)operation);

    private sealed class StartingSetup(StartingPoint start) : Setup<AccountUnderTest, AccountModel>
    {
        public override AccountUnderTest Actual() => start.Actual();

        public override AccountModel Model() => start.Model();

        public override string ToString() => start.ToString();
    }
}
