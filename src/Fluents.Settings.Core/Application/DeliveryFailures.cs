using System.Text;
using Fluents.Settings.Invitations;

namespace Fluents.Settings.Application;

/// <summary>
/// Describes a mailer's failure without the invitation token (R23): a mailer's exception message may quote the email,
/// and with it the invite link. What is kept is the exception's type and its message with the token scrubbed out.
/// </summary>
internal static class DeliveryFailures
{
    /// <summary>Runs of token characters at least this long that occur in the token are scrubbed too.</summary>
    /// <remarks>
    /// A mail body in quoted-printable or wrapped at 76 columns can split the link, so the token may appear in pieces.
    /// A piece shorter than this carries fewer than 48 of the token's 256 bits.
    /// </remarks>
    internal const int ShortestScrubbedPiece = 8;

    private const string Redacted = "[redacted]";

    public static string Describe(Exception failure, InvitationToken token) =>
        $"{failure.GetType().Name}: {Scrub(failure.Message, token.Reveal())}";

    public static string Scrub(string message, string token)
    {
        if (string.IsNullOrEmpty(message) || string.IsNullOrEmpty(token)) return message;

        var scrubbed = new StringBuilder(message.Length);
        var i = 0;
        while (i < message.Length)
        {
            if (!IsTokenCharacter(message[i]))
            {
                scrubbed.Append(message[i++]);
                continue;
            }

            // A run of base64url characters: drop every piece of it that is also a piece of the token.
            var start = i;
            while (i < message.Length && IsTokenCharacter(message[i])) i++;
            scrubbed.Append(ScrubRun(message.AsSpan(start, i - start), token));
        }

        return scrubbed.ToString();
    }

    private static string ScrubRun(ReadOnlySpan<char> run, string token)
    {
        var kept = new StringBuilder(run.Length);
        var i = 0;
        while (i < run.Length)
        {
            var longest = LongestTokenPieceAt(run[i..], token);
            if (longest >= ShortestScrubbedPiece)
            {
                if (kept.Length < Redacted.Length || !kept.ToString().EndsWith(Redacted, StringComparison.Ordinal)) kept.Append(Redacted);
                i += longest;
            }
            else
            {
                kept.Append(run[i++]);
            }
        }

        return kept.ToString();
    }

    // The length of the longest prefix of text that occurs somewhere in the token (tokens are 43 characters).
    private static int LongestTokenPieceAt(ReadOnlySpan<char> text, string token)
    {
        var longest = 0;
        for (var start = 0; start < token.Length; start++)
        {
            var length = 0;
            while (length < text.Length && start + length < token.Length && text[length] == token[start + length]) length++;
            longest = Math.Max(longest, length);
        }

        return longest;
    }

    private static bool IsTokenCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
