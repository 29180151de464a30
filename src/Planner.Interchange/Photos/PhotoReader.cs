using System.Globalization;
using System.Security.Cryptography;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using Planner.Field;
using Planner.Localization;
using Planner.Sites;
using Planner.Validation;
using SkiaSharp;

namespace Planner.Photos;

/// <summary>
/// Reads an uploaded photo into evidence: its real format from its bytes (JPEG, PNG or WebP, whatever the name or
/// the browser says), its size checked before it is decoded (a few kilobytes can claim gigapixels), its EXIF position
/// and time, and two JPEG copies without metadata — upright as the camera held it — for browsers. A file that is not
/// one of those images is refused with its name and why.
/// </summary>
public static class PhotoReader
{
    const int JpegQuality = 82;

    /// <param name="where">How the problem names the file, e.g. "photos[2] (IMG_0042.jpg)".</param>
    public static EvidencePhoto Read(byte[] bytes, string? fileName, string where, string uploadedBy, DistrictTime time, FieldLimits limits)
    {
        if (bytes.Length == 0) throw new ValidationFailedException(where, Messages.IsEmpty);
        if (bytes.Length > limits.MaxPhotoBytes) throw new ValidationFailedException(where, TooLarge(bytes.Length, limits));
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        var contentType = codec?.EncodedFormat switch
        {
            SKEncodedImageFormat.Jpeg => "image/jpeg",
            SKEncodedImageFormat.Png => "image/png",
            SKEncodedImageFormat.Webp => "image/webp",
            _ => null,
        };
        if (codec is null || contentType is null)
            throw new ValidationFailedException(where, L10n.T("不是 JPEG、PNG 或 WebP 图片", "is not a JPEG, PNG or WebP image"));
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0 || (long)width * height > limits.MaxPhotoPixels)
            throw new ValidationFailedException(where, L10n.T($"图片 {width}×{height} 像素，超过上限 {limits.MaxPhotoPixels / 1e6:N0} 百万像素（Planner:Field:MaxPhotoPixels）",
                $"the image is {width}×{height} pixels, over the limit of {limits.MaxPhotoPixels / 1e6:N0} megapixels (Planner:Field:MaxPhotoPixels)"));

        using var decoded = Decode(codec, limits.DisplayEdge) ?? throw new ValidationFailedException(where, L10n.T("图片已损坏，无法解码", "is damaged: it cannot be decoded"));
        using var turned = Upright(decoded, codec.EncodedOrigin);
        var upright = turned ?? decoded;
        var (takenAt, lon, lat) = ReadExif(bytes, time);
        return new EvidencePhoto
        {
            FileName = fileName is null ? null : Path.GetFileName(fileName) is { Length: > 255 } longName ? longName[^255..] : Path.GetFileName(fileName),
            ContentType = contentType,
            Original = bytes,
            Display = Jpeg(upright, limits.DisplayEdge),
            Thumbnail = Jpeg(upright, limits.ThumbnailEdge),
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Width = codec.EncodedOrigin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom ? height : width,
            Height = codec.EncodedOrigin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom ? width : height,
            TakenAt = takenAt,
            Lon = lon,
            Lat = lat,
            UploadedAt = time.Now,
            UploadedBy = uploadedBy,
        };
    }

    /// <summary>Why a file of <paramref name="bytes"/> is refused, naming the limit.</summary>
    public static string TooLarge(long bytes, FieldLimits limits) =>
        L10n.T($"照片 {bytes / 1048576.0:N1} MB，超过上限 {limits.MaxPhotoBytes / 1048576.0:N0} MB（Planner:Field:MaxPhotoBytes）",
            $"the photo is {bytes / 1048576.0:N1} MB, over the limit of {limits.MaxPhotoBytes / 1048576.0:N0} MB (Planner:Field:MaxPhotoBytes)");

    /// <summary>
    /// Decodes at the largest size the codec offers that fits the display size: a JPEG decodes at k/8 of its size
    /// for little more than the cost of the smaller image, so a 4000×3000 phone photo needs no resize at all. Formats
    /// that do not scale while decoding are decoded whole and shrunk after.
    /// </summary>
    static SKBitmap? Decode(SKCodec codec, int edge)
    {
        var size = codec.Info.Size;
        for (var k = 8; k >= 1; k--)
        {
            var scaled = codec.GetScaledDimensions(k / 8f);
            if (Math.Max(scaled.Width, scaled.Height) <= edge && scaled.Width > 0 && scaled.Height > 0)
            {
                size = scaled;
                break;
            }
        }
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is SKCodecResult.Success or SKCodecResult.IncompleteInput) return bitmap;
        bitmap.Dispose();
        return null;
    }

    /// <summary>The pixels turned as the camera's orientation tag says, since the copies carry no tag; null when they are upright already.</summary>
    static SKBitmap? Upright(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft) return null;
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (w, h) = swap ? (source.Height, source.Width) : (source.Width, source.Height);
        var result = new SKBitmap(new SKImageInfo(w, h, source.ColorType, source.AlphaType));
        using var canvas = new SKCanvas(result);
        canvas.SetMatrix(OriginMatrix(origin, source.Width, source.Height));
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest)); // whole-pixel turns and flips: nothing to filter
        return result;
    }

    /// <summary>The EXIF orientations as transforms of the stored pixels (width w, height h) onto the upright image.</summary>
    static SKMatrix OriginMatrix(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };

    /// <summary>A JPEG no larger than <paramref name="edge"/> on its long side; Skia writes no EXIF, so position and time stay behind.</summary>
    static byte[] Jpeg(SKBitmap bitmap, int edge)
    {
        using var shrunk = Shrink(bitmap, edge);
        using var image = SKImage.FromBitmap(shrunk ?? bitmap);
        // Photos of streets have no transparency to keep; a PNG's is flattened onto white by the encoder.
        using var encoded = image.Encode(SKEncodedImageFormat.Jpeg, JpegQuality);
        return encoded.ToArray();
    }

    /// <summary>
    /// The bitmap at most <paramref name="edge"/> pixels on its long side, or null when it is that small already. Halving
    /// with a linear filter until within twice the size, then one linear step: as smooth as a mipmapped resize of a
    /// photo and several times faster (Skia's mipmapped resize took 70 % of the time to read a photo).
    /// </summary>
    static SKBitmap? Shrink(SKBitmap bitmap, int edge)
    {
        var longSide = Math.Max(bitmap.Width, bitmap.Height);
        if (longSide <= edge) return null;
        var sampling = new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None);
        SKBitmap? current = null;
        while (Math.Max((current ?? bitmap).Width, (current ?? bitmap).Height) / 2 >= edge)
        {
            var source = current ?? bitmap;
            var half = source.Resize(new SKImageInfo(Math.Max(1, source.Width / 2), Math.Max(1, source.Height / 2), SKColorType.Rgba8888, SKAlphaType.Premul), sampling);
            current?.Dispose();
            current = half;
        }
        var last = current ?? bitmap;
        var scale = (double)edge / Math.Max(last.Width, last.Height);
        if (scale >= 1) return current;
        var final = last.Resize(new SKImageInfo(Math.Max(1, (int)Math.Round(last.Width * scale)), Math.Max(1, (int)Math.Round(last.Height * scale)), SKColorType.Rgba8888, SKAlphaType.Premul), sampling);
        current?.Dispose();
        return final;
    }

    /// <summary>EXIF DateTimeOriginal (with its offset when the camera wrote one, else in the district's time) and GPS position.</summary>
    internal static (DateTimeOffset? TakenAt, double? Lon, double? Lat) ReadExif(byte[] bytes, DistrictTime time)
    {
        IReadOnlyList<MetadataExtractor.Directory> directories;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            directories = ImageMetadataReader.ReadMetadata(stream);
        }
        catch (Exception e) when (e is ImageProcessingException or IOException or ArgumentException or IndexOutOfRangeException)
        {
            return (null, null, null); // unreadable metadata is no evidence, not a reason to refuse the photo
        }
        DateTimeOffset? takenAt = null;
        var sub = directories.OfType<ExifSubIfdDirectory>().FirstOrDefault();
        if (sub is not null && sub.TryGetDateTime(ExifDirectoryBase.TagDateTimeOriginal, out var local))
        {
            var offsetText = sub.GetString(ExifDirectoryBase.TagTimeZoneOriginal);
            takenAt = (offsetText is not null && TimeSpan.TryParseExact(offsetText.TrimStart('+', '-'), @"hh\:mm", CultureInfo.InvariantCulture, out var offset)
                ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offsetText.StartsWith('-') ? -offset : offset)
                : time.FromDistrictLocal(local)).ToUniversalTime();
        }
        double? lon = null, lat = null;
        var gps = directories.OfType<GpsDirectory>().FirstOrDefault();
        if (gps?.GetGeoLocation() is { IsZero: false } location && double.IsFinite(location.Latitude) && double.IsFinite(location.Longitude))
        {
            lon = Math.Round(location.Longitude, 7);
            lat = Math.Round(location.Latitude, 7);
        }
        return (takenAt, lon, lat);
    }
}
