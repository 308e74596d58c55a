using System.Security.Cryptography;

namespace AutoShop.Testing.Storage;

public static class StorageNames
{
    /// <summary>
    /// A name valid for a table, a queue and a blob container alike (lowercase letters and
    /// digits, starting with a letter): <paramref name="prefix"/> plus 10 random characters.
    /// </summary>
    public static string Unique(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (!char.IsAsciiLetterLower(prefix[0]) || !prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)) ||
            prefix.Length > 50)
        {
            throw new ArgumentException("Use 1-50 lowercase ASCII letters or digits, starting with a letter.", nameof(prefix));
        }

        return prefix + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 10);
    }
}
