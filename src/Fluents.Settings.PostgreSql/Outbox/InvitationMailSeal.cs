using System.Security.Cryptography;
using System.Text.Json;
using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;

namespace Fluents.Settings.PostgreSql.Outbox;

/// <summary>
/// Seals an invitation email (its accept token included) for the outbox with AES-256-GCM under the host's key (R23: no token
/// is stored readable). Layout: a 12-byte random nonce, the 16-byte tag, then the ciphertext of the email as JSON. The account
/// and invitation ids are the associated data, so a sealed email copied into another row does not open.
/// </summary>
internal static class InvitationMailSeal
{
    private const int NonceLength = 12;
    private const int TagLength = 16;

    /// <summary>The first 8 bytes of the key's SHA-256: names the key in each row without revealing it.</summary>
    public static byte[] KeyId(byte[] key) => SHA256.HashData(key)[..8];

    public static byte[] Seal(InvitationEmail email, byte[] key)
    {
        var plaintext = Serialize(email);
        var sealedEmail = new byte[NonceLength + TagLength + plaintext.Length];
        var nonce = sealedEmail.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagLength);
        aes.Encrypt(nonce, plaintext, sealedEmail.AsSpan(NonceLength + TagLength), sealedEmail.AsSpan(NonceLength, TagLength), AssociatedData(email.Account, email.Invitation));
        CryptographicOperations.ZeroMemory(plaintext);
        return sealedEmail;
    }

    /// <exception cref="CryptographicException">Another key sealed it, or the bytes were changed.</exception>
    public static InvitationEmail Open(ReadOnlySpan<byte> sealedEmail, byte[] key, AccountId account, InvitationId invitation)
    {
        var plaintext = new byte[sealedEmail.Length - NonceLength - TagLength];
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(sealedEmail[..NonceLength], sealedEmail[(NonceLength + TagLength)..], sealedEmail.Slice(NonceLength, TagLength), plaintext, AssociatedData(account, invitation));
            return Deserialize(plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static byte[] AssociatedData(AccountId account, InvitationId invitation)
    {
        var data = new byte[32];
        account.Value.TryWriteBytes(data.AsSpan(0, 16), bigEndian: true, out _);
        invitation.Value.TryWriteBytes(data.AsSpan(16, 16), bigEndian: true, out _);
        return data;
    }

    private static byte[] Serialize(InvitationEmail email)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("account", email.Account.Value);
            writer.WriteString("invitation", email.Invitation.Value);
            writer.WriteString("to", email.To.Value);
            writer.WriteString("invitedByName", email.InvitedByName);
            writer.WriteNumber("role", (int)email.Role);
            writer.WriteString("token", email.Token.Reveal());
            writer.WriteNumber("expiresAt", email.ExpiresAt.ToUnixTimeTicks());
            writer.WriteNumber("kind", (int)email.Kind);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static InvitationEmail Deserialize(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var to = EmailAddress.Create(root.GetProperty("to").GetString()).Match(e => e, invalid => throw new CryptographicException($"The sealed email holds an invalid address: {invalid.Message}"));
        return new InvitationEmail(
            new AccountId(root.GetProperty("account").GetGuid()),
            new InvitationId(root.GetProperty("invitation").GetGuid()),
            to,
            root.GetProperty("invitedByName").GetString()!,
            (Role)root.GetProperty("role").GetInt32(),
            InvitationToken.FromPresented(root.GetProperty("token").GetString()!),
            Instant.FromUnixTimeTicks(root.GetProperty("expiresAt").GetInt64()),
            (InvitationEmailKind)root.GetProperty("kind").GetInt32());
    }
}
