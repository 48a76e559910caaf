using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;

namespace Fluents.Settings.PropertyTests.Environments;

/// <summary>(d) R2: names that differ only by case or surrounding white space are the same name.</summary>
public class EnvironmentNameProperties
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzéüø0123456789-_. ";
    private static readonly char[] WhiteSpace = [' ', '\t', '\u00A0', '\u2003', '\n'];

    /// <summary>A valid name: 1–60 characters of <see cref="Alphabet"/>, starting and ending with a non-space.</summary>
    private static Gen<string> Names() =>
        from length in Gen.Frequency((4, Gen.Choose(1, 12)), (1, Gen.Elements(1, 59, 60)))
        from chars in Gen.Elements(Alphabet.ToCharArray()).ArrayOf(length)
        let text = new string(chars).Trim()
        where text.Length > 0
        select text;

    /// <summary>The same name typed differently: half the time some letters' case flipped, half the time white space around it.</summary>
    private static Gen<(string Name, string Typed)> NamesTypedDifferently() =>
        from name in Names()
        from flipCase in Gen.Elements(true, false)
        from flips in Gen.Elements(flipCase, false).ArrayOf(name.Length)
        from before in Spaces()
        from after in Spaces()
        let flipped = new string(name.Select((c, i) => flips[i] ? (char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)) : c).ToArray())
        select (name, before + flipped + after);

    private static Gen<string> Spaces() =>
        Gen.Frequency((1, Gen.Constant("")), (1, Gen.Choose(1, 3).SelectMany(n => Gen.Elements(WhiteSpace).ArrayOf(n)).Select(c => new string(c))));

    /// <summary>The canonical form keeps one space where several were typed (R33).</summary>
    private static string CollapseSpaces(string text) => System.Text.RegularExpressions.Regex.Replace(text, " {2,}", " ");

    private static Property Classified(Property property, string name, string typed) =>
        property
            .Classify(typed.Trim() != name && string.Equals(typed.Trim(), name, StringComparison.OrdinalIgnoreCase), "differs by case")
            .Classify(typed.Trim() != typed, "differs by surrounding white space")
            .Classify(typed == name, "typed identically");

    [Property(MaxTest = 300)]
    public Property Creating_a_name_typed_differently_is_refused_as_taken() =>
        Prop.ForAll(NamesTypedDifferently().ToArbitrary(), pair =>
        {
            var account = TestAccounts.Open(planLimit: 10).Account;
            _ = account.CreateEnvironment(TestAccounts.Admin, pair.Name, 0, TestAccounts.Now, new SeededSecretGenerator(1)).Value;
            var before = AccountState.Of(account);

            var result = account.CreateEnvironment(TestAccounts.Admin, pair.Typed, 0, TestAccounts.Now, new SeededSecretGenerator(2));

            var refused = result.Error is EnvironmentNameTaken && AccountState.Of(account) == before;
            return Classified(refused.ToProperty().Label($"'{pair.Typed}' after '{pair.Name}' gave {result}"), pair.Name, pair.Typed);
        });

    [Property(MaxTest = 300)]
    public Property Renaming_to_another_environments_name_typed_differently_is_refused() =>
        Prop.ForAll(NamesTypedDifferently().ToArbitrary(), pair =>
        {
            var opened = TestAccounts.Open(planLimit: 10);
            var account = opened.Account;
            _ = account.CreateEnvironment(TestAccounts.Admin, pair.Name, 0, TestAccounts.Now, new SeededSecretGenerator(1)).Value;
            var before = AccountState.Of(account);
            var collides = !string.Equals(pair.Name, "default", StringComparison.OrdinalIgnoreCase);

            var result = account.EditEnvironment(TestAccounts.Admin, opened.DefaultEnvironment, pair.Typed, null, TestAccounts.Now);

            var refused = result.Error is EnvironmentNameTaken && AccountState.Of(account) == before;
            return Classified(refused.ToProperty().When(collides), pair.Name, pair.Typed);
        });

    [Property(MaxTest = 300)]
    public Property A_name_typed_differently_is_the_same_name_and_confirms_a_delete() =>
        Prop.ForAll(NamesTypedDifferently().ToArbitrary(), pair =>
        {
            var name = EnvironmentName.Create(pair.Name).AsT0;
            var typed = EnvironmentName.Create(pair.Typed).AsT0;
            var same = name.Equals(typed) && name.GetHashCode() == typed.GetHashCode() && name.IsConfirmedBy(pair.Typed) && typed.Value == CollapseSpaces(pair.Typed.Trim());
            return Classified(same.ToProperty(), pair.Name, pair.Typed);
        });

    [Property(MaxTest = 300)]
    public Property Names_that_differ_otherwise_do_not_collide() =>
        Prop.ForAll(Names().ToArbitrary(), Names().ToArbitrary(), (first, second) =>
        {
            var account = TestAccounts.Open(planLimit: 10).Account;
            _ = account.CreateEnvironment(TestAccounts.Admin, "x" + first, 0, TestAccounts.Now, new SeededSecretGenerator(1)).Value;

            var result = account.CreateEnvironment(TestAccounts.Admin, "x" + second, 0, TestAccounts.Now, new SeededSecretGenerator(2));

            var differ = !string.Equals(first, second, StringComparison.OrdinalIgnoreCase);
            return result.Succeeded.ToProperty().When(differ).Classify(first.Length == second.Length, "same length");
        });

    [Property(MaxTest = 100)]
    public Property Renaming_keeps_the_id() =>
        Prop.ForAll(Names().ToArbitrary(), name =>
        {
            var opened = TestAccounts.Open(planLimit: 10);
            var result = opened.Account.EditEnvironment(TestAccounts.Admin, opened.DefaultEnvironment, name, null, TestAccounts.Now);
            return (result.Succeeded && opened.Account.FindEnvironment(opened.DefaultEnvironment)?.Name.Value == CollapseSpaces(name)).ToProperty();
        });
}
