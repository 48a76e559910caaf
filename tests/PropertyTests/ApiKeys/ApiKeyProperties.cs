using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Environments;
using Fluents.Settings.InMemory;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.PropertyTests.ApiKeys;

/// <summary>A key issued from a reproducible seed, indexed for a fresh account and environment.</summary>
public sealed record IssuedKey(ulong Seed)
{
    public static readonly Instant IssuedAt = Instant.FromUtc(2026, 3, 1, 12, 0);

    private readonly Lazy<(ApiKey Key, AccountId Account, EnvironmentId Environment)> _issued = new(() =>
    {
        var random = new SeededSecretGenerator(Seed);
        return (ApiKey.Issue(random), AccountId.New(IssuedAt, random), EnvironmentId.New(IssuedAt, random));
    });

    public ApiKey Key => _issued.Value.Key;

    public AccountId Account => _issued.Value.Account;

    public EnvironmentId Environment => _issued.Value.Environment;

    public string Plaintext => Key.Reveal();

    /// <summary>A verifier whose index holds this key, current or previous until <paramref name="validUntil"/>.</summary>
    public ApiKeyVerifier IndexedVerifier(Instant? validUntil = null)
    {
        var index = new InMemoryApiKeyIndex();
        index.ReplaceAccountKeys(Account, 1, [new ApiKeyIndexEntry(Key.Hash, Account, Environment, validUntil)]);
        return new ApiKeyVerifier(index);
    }

    public override string ToString() => $"IssuedKey(seed {Seed}: {Plaintext})";
}

public sealed record Substitution(IssuedKey Issued, int Position, char Replacement)
{
    public string Apply() => string.Concat(Issued.Plaintext.AsSpan(0, Position), Replacement.ToString(), Issued.Plaintext.AsSpan(Position + 1));
}

public sealed record Deletion(IssuedKey Issued, int Position)
{
    public string Apply() => Issued.Plaintext.Remove(Position, 1);
}

public sealed record Insertion(IssuedKey Issued, int Position, char Inserted)
{
    public string Apply() => Issued.Plaintext.Insert(Position, Inserted.ToString());
}

/// <summary>Two neighbouring characters swapped (only generated where they differ).</summary>
public sealed record Transposition(IssuedKey Issued, int Position)
{
    public string Apply()
    {
        var chars = Issued.Plaintext.ToCharArray();
        (chars[Position], chars[Position + 1]) = (chars[Position + 1], chars[Position]);
        return new string(chars);
    }
}

/// <summary>A previous key's rotation deadline and the instant it is presented, often exactly at or next to the deadline.</summary>
public sealed record RotationMoment(IssuedKey Issued, Instant Deadline, Instant Now);

public static class ApiKeyArbitraries
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static Gen<ulong> Seeds =>
        Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, int.MaxValue), (high, low) => ((ulong)high << 33) ^ ((ulong)low << 2) ^ (ulong)(high & 3));

    private static Gen<IssuedKey> IssuedKeys => Seeds.Select(seed => new IssuedKey(seed));

    /// <summary>Mostly characters a typo produces (other base62 digits), some that break the alphabet.</summary>
    private static Gen<char> TypedCharacters => Gen.Frequency(
        (8, Gen.Elements(Base62.ToCharArray())),
        (2, Gen.Elements('_', '-', '+', '/', '=', ' ', '\t', '\n', '.', '\u2026', '\u00e9', '\0', '\u200B', '\uFF46', 'O', 'l', 'I')));

    public static Arbitrary<IssuedKey> Keys() => IssuedKeys.ToArbitrary();

    public static Arbitrary<Substitution> Substitutions() =>
        (from issued in IssuedKeys
         from position in Gen.Choose(0, ApiKeyFormat.Length - 1)
         from replacement in TypedCharacters.Where(c => c != issued.Plaintext[position])
         select new Substitution(issued, position, replacement)).ToArbitrary();

    public static Arbitrary<Deletion> Deletions() =>
        (from issued in IssuedKeys
         from position in Gen.Choose(0, ApiKeyFormat.Length - 1)
         select new Deletion(issued, position)).ToArbitrary();

    public static Arbitrary<Insertion> Insertions() =>
        (from issued in IssuedKeys
         from position in Gen.Choose(0, ApiKeyFormat.Length)
         from inserted in TypedCharacters
         select new Insertion(issued, position, inserted)).ToArbitrary();

    public static Arbitrary<Transposition> Transpositions() =>
        (from issued in IssuedKeys
         from position in Gen.Choose(0, ApiKeyFormat.Length - 2)
         where issued.Plaintext[position] != issued.Plaintext[position + 1]
         select new Transposition(issued, position)).ToArbitrary();

    public static Arbitrary<RotationMoment> RotationMoments() =>
        (from issued in IssuedKeys
         from graceMinutes in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(1, 7 * 24 * 60)))
         from offsetNanoseconds in Gen.Frequency(
             (3, Gen.Constant(0L)),
             (2, Gen.Elements(-1L, 1L)),
             (3, Gen.Choose(-1_000_000, 1_000_000).Select(milliseconds => milliseconds * 1_000_000L)))
         let deadline = IssuedKey.IssuedAt + Duration.FromMinutes(graceMinutes)
         select new RotationMoment(issued, deadline, deadline + Duration.FromNanoseconds(offsetNanoseconds))).ToArbitrary();
}

[Properties(Arbitrary = [typeof(ApiKeyArbitraries)], MaxTest = 500)]
public class ApiKeyProperties
{
    [Property]
    public Property Every_issued_key_parses_and_verifies_to_its_environment(IssuedKey issued)
    {
        // R25, R27
        var parsed = ApiKeyFormat.TryParse(issued.Plaintext, out var hash);
        var verified = issued.IndexedVerifier().Verify(issued.Plaintext, IssuedKey.IssuedAt);

        return (parsed == ApiKeyParseResult.Valid).Label("parses")
            .And((hash == issued.Key.Hash).Label("hash is the stored hash"))
            .And((verified.Succeeded && verified.Value == new VerifiedApiKey(issued.Account, issued.Environment, IsPreviousKey: false)).Label("verifies to its environment"))
            .And(Regex.IsMatch(issued.Plaintext, $"^{ApiKeyFormat.ScannerPattern}$").Label("the scanner pattern matches it"))
            .And((ApiKeyHint.Parse(issued.Key.Hint.ToString()) == issued.Key.Hint).Label("the hint round-trips"));
    }

    [Property]
    public Property Nothing_rendered_contains_the_key(IssuedKey issued)
    {
        // DESIGN.md §1: only Reveal() gives the secret out.
        var body = issued.Plaintext[ApiKeyFormat.Prefix.Length..^4];
        var rendered = string.Join("\n", issued.Key, issued.Key.Hint, issued.Key.Hash, new ApiKeyIndexEntry(issued.Key.Hash, issued.Account, issued.Environment, null),
            issued.IndexedVerifier().Verify(issued.Plaintext, IssuedKey.IssuedAt));

        return (!rendered.Contains(body, StringComparison.Ordinal)).Label(rendered);
    }

    [Property]
    public Property Any_single_character_substitution_is_refused_before_lookup(Substitution typo)
    {
        // R25: CRC-32 detects every single-byte change, so a typo never costs a hash or a lookup.
        var (layer, verified) = Refusal(typo.Issued, typo.Apply());

        return (!verified && layer != RefusedBy.Lookup).Label($"refused by {layer}")
            .Classify(layer == RefusedBy.Checksum, "checksum")
            .Classify(layer == RefusedBy.Format, "format (malformed)")
            .Classify(typo.Position < ApiKeyFormat.Prefix.Length, "in the prefix")
            .Classify(typo.Position >= ApiKeyFormat.Length - 6, "in the checksum digits");
    }

    [Property]
    public Property Any_single_character_deletion_is_refused_before_lookup(Deletion typo)
    {
        var (layer, verified) = Refusal(typo.Issued, typo.Apply());

        return (!verified && layer != RefusedBy.Lookup).Label($"refused by {layer}")
            .Classify(layer == RefusedBy.Checksum, "checksum")
            .Classify(layer == RefusedBy.Format, "format (malformed)");
    }

    [Property]
    public Property Any_single_character_insertion_is_refused_before_lookup(Insertion typo)
    {
        var (layer, verified) = Refusal(typo.Issued, typo.Apply());

        return (!verified && layer != RefusedBy.Lookup).Label($"refused by {layer}")
            .Classify(layer == RefusedBy.Checksum, "checksum")
            .Classify(layer == RefusedBy.Format, "format (malformed)");
    }

    [Property]
    public Property Any_adjacent_transposition_is_refused_before_lookup(Transposition typo)
    {
        // A swap changes two neighbouring bytes, a burst CRC-32 always detects.
        var (layer, verified) = Refusal(typo.Issued, typo.Apply());

        return (!verified && layer != RefusedBy.Lookup).Label($"refused by {layer}")
            .Classify(layer == RefusedBy.Checksum, "checksum")
            .Classify(layer == RefusedBy.Format, "format (malformed)");
    }

    [Property]
    public Property A_well_formed_key_of_nobody_is_refused_by_lookup(IssuedKey indexed, IssuedKey stranger)
    {
        // R27: what passes the checksum is refused by the lookup unless its hash is indexed.
        var (layer, verified) = Refusal(indexed, stranger.Plaintext);

        return (indexed.Plaintext == stranger.Plaintext || (!verified && layer == RefusedBy.Lookup)).Label($"refused by {layer}");
    }

    [Property]
    public Property Previous_key_verifies_strictly_before_its_deadline_and_is_refused_from_it_on(RotationMoment moment)
    {
        // R26
        var result = moment.Issued.IndexedVerifier(validUntil: moment.Deadline).Verify(moment.Issued.Plaintext, moment.Now);
        var beforeDeadline = moment.Now < moment.Deadline;

        var holds = beforeDeadline
            ? result.Succeeded && result.Value.IsPreviousKey && result.Value.Environment == moment.Issued.Environment
            : result.Error is ExpiredApiKey expired && expired.ExpiredAt == moment.Deadline;

        return holds.Label($"now {moment.Now}, deadline {moment.Deadline}: {result}")
            .Classify(moment.Now == moment.Deadline, "exactly at the deadline")
            .Classify(moment.Now == moment.Deadline - Duration.Epsilon, "one nanosecond before")
            .Classify(moment.Now == moment.Deadline + Duration.Epsilon, "one nanosecond after")
            .Classify(moment.Deadline == IssuedKey.IssuedAt, "zero grace period");
    }

    [Property]
    public Property Current_key_never_expires(IssuedKey issued, int days)
    {
        var now = IssuedKey.IssuedAt + Duration.FromDays(days);

        return issued.IndexedVerifier().Verify(issued.Plaintext, now).Succeeded.ToProperty();
    }

    [Fact]
    public void Two_issued_keys_are_never_equal_in_a_large_sample()
    {
        // R25: 128 random bits from the cryptographic generator; 100,000 keys, no repeat. Under the mutation run's cap, 1,000:
        // a mutant that makes keys repeat at all repeats them at once, and the full sample would cost seconds per mutant.
        var sample = PropertyTestCap.Cases is null ? 100_000 : 1_000;
        var keys = new HashSet<string>(sample, StringComparer.Ordinal);
        var hashes = new HashSet<SecretHash>(sample);

        for (var i = 0; i < sample; i++)
        {
            var key = ApiKey.Issue(CryptographicSecretGenerator.Instance);
            Assert.True(keys.Add(key.Reveal()), $"key {i} repeats an earlier one");
            Assert.True(hashes.Add(key.Hash), $"hash {i} repeats an earlier one");
        }
    }

    private enum RefusedBy
    {
        Nothing,
        Format,
        Checksum,
        Lookup,
        Deadline,
    }

    private static (RefusedBy Layer, bool Verified) Refusal(IssuedKey indexed, string presented)
    {
        var result = indexed.IndexedVerifier().Verify(presented, IssuedKey.IssuedAt);
        var layer = result.Match(
            verified: _ => RefusedBy.Nothing,
            malformed: _ => RefusedBy.Format,
            checksumMismatch: _ => RefusedBy.Checksum,
            unknown: _ => RefusedBy.Lookup,
            expired: _ => RefusedBy.Deadline);
        return (layer, result.Succeeded);
    }
}
