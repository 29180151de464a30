using Planner.Field;
using Planner.Photos;
using Planner.Sites;
using Planner.Validation;
using SkiaSharp;

namespace Planner.Tests.Photos;

public class PhotoReaderTests
{
    static readonly DistrictTime Time = DistrictTime.System;

    static EvidencePhoto Read(byte[] bytes, FieldLimits? limits = null) => PhotoReader.Read(bytes, "IMG_0042.jpg", "photos[0] (IMG_0042.jpg)", "field", Time, limits ?? FieldLimits.Default);

    [Fact]
    public void A_phone_photo_keeps_its_position_and_time_as_evidence_and_browsers_get_copies_without_them()
    {
        var bytes = TestPhotos.Jpeg(800, 600, gps: (113.6785, 34.7366), taken: new DateTime(2026, 11, 30, 9, 15, 0));
        var photo = Read(bytes);
        Assert.Equal("image/jpeg", photo.ContentType);
        Assert.Equal((113.6785, 34.7366), (Math.Round(photo.Lon!.Value, 4), Math.Round(photo.Lat!.Value, 4)));
        // EXIF time without an offset is the district's wall clock (UTC+8).
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 1, 15, 0, TimeSpan.Zero), photo.TakenAt!.Value.ToUniversalTime());
        Assert.Equal((800, 600), (photo.Width, photo.Height));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), photo.Sha256);
        Assert.Same(bytes, photo.Original);
        foreach (var copy in new[] { photo.Display, photo.Thumbnail })
        {
            // Re-encoded: no EXIF block, so no position or time reaches a browser.
            Assert.Equal((null, null, null), PhotoReader.ReadExif(copy, Time));
            Assert.DoesNotContain("Exif"u8.ToArray(), Windows(copy, 4));
        }
        using var thumb = SKBitmap.Decode(photo.Thumbnail);
        Assert.Equal((320, 240), (thumb.Width, thumb.Height));
    }

    static IEnumerable<byte[]> Windows(byte[] bytes, int size)
    {
        for (var i = 0; i + size <= bytes.Length; i++) yield return bytes[i..(i + size)];
    }

    [Fact]
    public void A_photo_held_sideways_is_turned_upright_in_the_copies()
    {
        // Orientation 6: the stored pixels must be turned 90° clockwise; the red band along the stored top edge ends up on the right.
        var photo = Read(TestPhotos.Jpeg(80, 40, orientation: 6));
        Assert.Equal((40, 80), (photo.Width, photo.Height));
        using var display = SKBitmap.Decode(photo.Display);
        Assert.Equal((40, 80), (display.Width, display.Height));
        var right = display.GetPixel(38, 40);
        var left = display.GetPixel(2, 40);
        Assert.True(right.Red > 200 && right.Green < 80, $"right edge {right}");
        Assert.False(left.Red > 200 && left.Green < 80, $"left edge {left}");
    }

    [Fact]
    public void A_photo_without_EXIF_is_accepted_without_position_or_time()
    {
        var photo = Read(TestPhotos.Jpeg());
        Assert.Equal((null, null, null), (photo.TakenAt, photo.Lon, photo.Lat));
    }

    [Fact]
    public void PNG_and_WebP_are_read_by_their_bytes_not_their_names()
    {
        using var bitmap = new SKBitmap(20, 10);
        using var image = SKImage.FromBitmap(bitmap);
        foreach (var (format, type) in new[] { (SKEncodedImageFormat.Png, "image/png"), (SKEncodedImageFormat.Webp, "image/webp") })
        {
            using var data = image.Encode(format, 90);
            Assert.Equal(type, Read(data.ToArray()).ContentType);
        }
    }

    [Fact]
    public void What_is_not_a_photo_is_refused_naming_the_file()
    {
        var text = Assert.Throws<ValidationFailedException>(() => Read("not a photo at all"u8.ToArray()));
        Assert.Equal("photos[0] (IMG_0042.jpg)", text.Problems[0].Where);
        Assert.Contains("JPEG", text.Problems[0].What);
        Assert.Throws<ValidationFailedException>(() => Read([]));
        // A GIF is an image, but not one of the formats kept as evidence.
        using var bitmap = new SKBitmap(4, 4);
        var gif = "GIF89a"u8.ToArray().Concat(new byte[32]).ToArray();
        Assert.Throws<ValidationFailedException>(() => Read(gif));
    }

    [Fact]
    public void Size_limits_are_named_and_a_decompression_bomb_is_refused_before_it_is_decoded()
    {
        var big = Assert.Throws<ValidationFailedException>(() => Read(TestPhotos.Jpeg(200, 200), new FieldLimits { MaxPhotoBytes = 1024 }));
        Assert.Contains("Planner:Field:MaxPhotoBytes", big.Problems[0].What);
        var bomb = TestPhotos.PngClaiming(100_000, 100_000);
        Assert.True(bomb.Length < 200);
        var refused = Assert.Throws<ValidationFailedException>(() => Read(bomb));
        Assert.Contains("Planner:Field:MaxPhotoPixels", refused.Problems[0].What);
        Assert.Contains("100000×100000", refused.Problems[0].What);
    }

    [Fact]
    public void Evidence_checks_flag_a_far_photo_an_early_photo_and_a_repeated_file()
    {
        var site = new NetTopologySuite.IO.WKTReader().Read("POLYGON((113.6775 34.7360, 113.6790 34.7360, 113.6790 34.7372, 113.6775 34.7372, 113.6775 34.7360))");
        var step = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
        var inside = Read(TestPhotos.Jpeg(gps: (113.6780, 34.7365), taken: new DateTime(2026, 11, 30, 12, 0, 0)));
        EvidenceCheck.Apply(inside, site, step, null, FieldLimits.Default);
        Assert.Equal((0.0, false, false, false), (inside.DistanceMetres!.Value, inside.TooFar, inside.TakenBeforeStep, inside.Flagged));

        // 0.005° east of the site's edge at 34.7° N is about 457 m.
        var far = Read(TestPhotos.Jpeg(gps: (113.6840, 34.7365), taken: new DateTime(2026, 11, 29, 12, 0, 0)));
        EvidenceCheck.Apply(far, site, step, 17, FieldLimits.Default);
        Assert.InRange(far.DistanceMetres!.Value, 440, 470);
        Assert.True(far.TooFar);
        Assert.True(far.TakenBeforeStep);
        Assert.Equal(17, far.DuplicateOf);
        EvidenceCheck.Apply(far, site, step, null, new FieldLimits { EvidenceDistanceMetres = 500 });
        Assert.False(far.TooFar);
    }
}
