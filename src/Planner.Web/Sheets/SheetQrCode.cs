using QRCoder;

namespace Planner.Web.Sheets;

/// <summary>A QR code as inline SVG (QRCoder), so a printed sheet opens navigation on a phone's camera.</summary>
public static class SheetQrCode
{
    public static string Svg(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(new System.Drawing.Size(160, 160), "#000000", "#ffffff", drawQuietZones: true,
            sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
