using AutoShop.Functions.Booking;
using NodaTime.Text;

namespace AutoShop.Functions.Documents;

public sealed record DocumentDto(string Id, string Kind, string ContentType, long Size, string FileName, string OriginalName,
    ActorDto UploadedBy, string UploadedAt, string DownloadUrl)
{
    public static DocumentDto From(DocumentInfo d) => new(d.Id, AppointmentDto.Wire(d.Kind), d.ContentType, d.Size, d.FileName, d.OriginalName,
        d.UploadedBy, InstantPattern.ExtendedIso.Format(d.UploadedAt), $"/api/appointments/{d.AppointmentId}/documents/{d.Id}");
}
