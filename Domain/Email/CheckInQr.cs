using QRCoder;

namespace ClustersCord.Domain.Email;

/// <summary>
/// The check-in code (<see cref="Registrations.CheckInCode"/>) as a PNG QR code, attached inline
/// (<c>Content-ID</c>) so that mail clients that block remote images still show it. QRCoder's PNG writer
/// needs no System.Drawing, so it runs wherever .NET does.
/// </summary>
public static class CheckInQr
{
    public const string ContentId = "checkin-qr";
    public const string FileName = "check-in.png";

    public static byte[] Png(string code)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(code, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(6);
    }

    public static EmailAttachment Attachment(string code) => new(FileName, "image/png", Png(code), ContentId);
}
