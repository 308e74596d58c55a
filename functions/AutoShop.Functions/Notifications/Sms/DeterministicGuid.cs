using System.Security.Cryptography;
using System.Text;

namespace AutoShop.Functions.Notifications.Sms;

/// <summary>
/// RFC 4122 version-5 (name-based) GUIDs: the same name always gives the same GUID, so a retried
/// send carries the same repeatability id without anything stored between attempts.
/// </summary>
internal static class DeterministicGuid
{
    /// <summary>Our namespace for SMS dedupe keys; changing it would re-send every in-flight message.</summary>
    public static readonly Guid SmsNamespace = new("8b7f2c7e-3d5a-4f0e-9a61-2f4f6b1d0c93");

    public static Guid From(Guid namespaceId, string name)
    {
        var input = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input.AsSpan(16));

        // Version 5 is defined on SHA-1; this is an identifier, not a security boundary.
#pragma warning disable CA5350
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
