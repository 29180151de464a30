using SkiaSharp;

namespace Planner.Reports;

/// <summary>The bulletin's chart: each township's share of finished sites as horizontal bars, drawn with SkiaSharp as a PNG.</summary>
public static class BulletinChart
{
    /// <summary>
    /// Where a Chinese face is looked for. The SkiaSharp build used here has no fontconfig (it runs without native
    /// dependencies), so system fonts are opened by their files: Noto CJK (Debian's fonts-noto-cjk), then WenQuanYi.
    /// </summary>
    public static IReadOnlyList<string> FontFiles { get; } =
    [
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    ];

    /// <summary>The first Chinese face found; without one, the chart is refused with what to install (never drawn without its labels).</summary>
    static SKTypeface ChineseFace()
    {
        foreach (var file in FontFiles.Where(File.Exists))
        {
            var face = SKTypeface.FromFile(file);
            if (face is null) continue;
            using var probe = new SKFont(face);
            if (probe.ContainsGlyph('乡')) return face;
            face.Dispose();
        }
        throw new InvalidOperationException($"no Chinese font for the bulletin's chart: install fonts-noto-cjk (looked for {string.Join(", ", FontFiles)})");
    }

    public static byte[] CompletionBars(IReadOnlyList<(string Name, double Percent)> bars, int width = 1560)
    {
        const int rowHeight = 56, top = 24, labelWidth = 330, right = 120;
        var height = top * 2 + Math.Max(1, bars.Count) * rowHeight;
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var typeface = ChineseFace();
        using var font = new SKFont(typeface, 30);
        using var text = new SKPaint { Color = new SKColor(0x1f, 0x29, 0x33), IsAntialias = true };
        using var bar = new SKPaint { Color = new SKColor(0x8b, 0x1a, 0x1a), IsAntialias = true };
        using var track = new SKPaint { Color = new SKColor(0xee, 0xf0, 0xf2) };
        var span = width - labelWidth - right;
        for (var i = 0; i < bars.Count; i++)
        {
            var y = top + i * rowHeight;
            canvas.DrawText(bars[i].Name, labelWidth - 16, y + 38, SKTextAlign.Right, font, text);
            canvas.DrawRect(labelWidth, y + 10, span, 36, track);
            canvas.DrawRect(labelWidth, y + 10, (float)(span * Math.Clamp(bars[i].Percent, 0, 100) / 100), 36, bar);
            canvas.DrawText($"{bars[i].Percent:0.0}%", labelWidth + span + 12, y + 38, SKTextAlign.Left, font, text);
        }
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
