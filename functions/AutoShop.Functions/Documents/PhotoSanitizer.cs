using ImageMagick;

namespace AutoShop.Functions.Documents;

/// <summary>
/// Re-encodes photos so that only pixels survive: EXIF (GPS position, camera make and serial),
/// XMP, IPTC and ICC profiles are stripped after the orientation they encode is applied. HEIC is
/// stored as JPEG: this Magick.NET build decodes HEIC (libheif) but cannot encode it.
/// </summary>
public static class PhotoSanitizer
{
    public const int MaxPixels = 100_000_000;
    public const int MaxSide = 16_000;

    /// <summary>The cleaned image, or null when the bytes do not decode as the image they claim to be.</summary>
    public static (byte[] Content, DetectedType Type)? Reencode(byte[] content, DetectedType detected)
    {
        try
        {
            // Ping reads only the header, so a decompression bomb is refused before its pixels are allocated.
            var info = new MagickImageInfo(content);
            if (info.Width > MaxSide || info.Height > MaxSide || (long)info.Width * info.Height > MaxPixels) return null;
            using var image = new MagickImage(content);
            image.AutoOrient();
            image.Strip();
            var target = detected == DetectedType.Png ? DetectedType.Png : DetectedType.Jpeg;
            image.Format = target == DetectedType.Png ? MagickFormat.Png : MagickFormat.Jpeg;
            if (target == DetectedType.Jpeg) image.Quality = 90;
            return (image.ToByteArray(), target);
        }
        catch (MagickException)
        {
            return null;
        }
    }
}
