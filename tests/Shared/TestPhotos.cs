using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Planner.Tests;

/// <summary>
/// Photos made in the tests: a JPEG drawn by Skia, with an EXIF block as a phone's camera writes it (position, time,
/// orientation) put in after the start-of-image marker. Small enough to build in a test, real enough for
/// MetadataExtractor, Skia and browsers.
/// </summary>
public static class TestPhotos
{
    /// <summary>A width × height JPEG: a gradient with a red band across its top edge (so a turned copy shows which way it was turned).</summary>
    public static byte[] Jpeg(int width = 64, int height = 48, (double Lon, double Lat)? gps = null, DateTime? taken = null, ushort orientation = 1, int seed = 0)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var paint = new SKPaint();
            paint.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height),
                [new SKColor((byte)(40 + seed % 200), 120, 200), new SKColor(240, 240, (byte)(seed * 7 % 255))], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, width, height, paint);
            using var band = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(0, 0, width, Math.Max(2, height / 8), band);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        var jpeg = data.ToArray();
        if (gps is null && taken is null && orientation == 1) return jpeg;
        var app1 = ExifSegment(gps, taken, orientation);
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }

    /// <summary>A PNG whose header claims <paramref name="width"/> × <paramref name="height"/> pixels: a decompression bomb's first bytes.</summary>
    public static byte[] PngClaiming(int width, int height)
    {
        using var bitmap = new SKBitmap(8, 8);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        var png = data.ToArray();
        // IHDR's width and height sit at bytes 16..23; its CRC (29..32) is fixed so that the header stays well formed.
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        return png;
    }

    /// <summary>PNG's chunk checksum (CRC-32, as zlib computes it).</summary>
    static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>APP1 "Exif": a little-endian TIFF with IFD0 (orientation, pointers), the Exif IFD (DateTimeOriginal) and the GPS IFD.</summary>
    static byte[] ExifSegment((double Lon, double Lat)? gps, DateTime? taken, ushort orientation)
    {
        var tiff = new List<byte>();
        void U16(int v) { tiff.Add((byte)v); tiff.Add((byte)(v >> 8)); }
        void U32(long v) { for (var i = 0; i < 4; i++) tiff.Add((byte)(v >> (8 * i))); }
        void Set32(int at, long v) { for (var i = 0; i < 4; i++) tiff[at + i] = (byte)(v >> (8 * i)); }
        tiff.AddRange("II"u8.ToArray()); U16(42); U32(8);

        // IFD0: orientation, Exif pointer, GPS pointer.
        U16(3);
        U16(0x0112); U16(3); U32(1); U16(orientation); U16(0);
        var exifPointer = tiff.Count + 8; U16(0x8769); U16(4); U32(1); U32(0);
        var gpsPointer = tiff.Count + 8; U16(0x8825); U16(4); U32(1); U32(0);
        U32(0);

        // Exif IFD: DateTimeOriginal "yyyy:MM:dd HH:mm:ss\0".
        Set32(exifPointer, tiff.Count);
        var when = Encoding.ASCII.GetBytes((taken ?? new DateTime(2026, 11, 30, 10, 0, 0)).ToString("yyyy:MM:dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "\0");
        U16(taken is null ? 0 : 1);
        int? whenAt = null;
        if (taken is not null) { U16(0x9003); U16(2); U32(when.Length); whenAt = tiff.Count; U32(0); }
        U32(0);
        if (whenAt is { } w) { Set32(w, tiff.Count); tiff.AddRange(when); }

        // GPS IFD: N/E references and degrees, minutes, seconds as rationals.
        Set32(gpsPointer, tiff.Count);
        if (gps is { } g)
        {
            U16(4);
            U16(0x0001); U16(2); U32(2); tiff.AddRange(Encoding.ASCII.GetBytes(g.Lat >= 0 ? "N\0" : "S\0")); U16(0);
            var latAt = tiff.Count + 8; U16(0x0002); U16(5); U32(3); U32(0);
            U16(0x0003); U16(2); U32(2); tiff.AddRange(Encoding.ASCII.GetBytes(g.Lon >= 0 ? "E\0" : "W\0")); U16(0);
            var lonAt = tiff.Count + 8; U16(0x0004); U16(5); U32(3); U32(0);
            U32(0);
            void Dms(int pointerAt, double value)
            {
                Set32(pointerAt, tiff.Count);
                value = Math.Abs(value);
                var d = Math.Floor(value);
                var m = Math.Floor((value - d) * 60);
                var s = ((value - d) * 60 - m) * 60;
                U32((long)d); U32(1); U32((long)m); U32(1); U32((long)Math.Round(s * 10000)); U32(10000);
            }
            Dms(latAt, g.Lat);
            Dms(lonAt, g.Lon);
        }
        else { U16(0); U32(0); }

        var body = new List<byte>();
        body.AddRange("Exif\0\0"u8.ToArray());
        body.AddRange(tiff);
        var length = body.Count + 2;
        return [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. body];
    }
}
