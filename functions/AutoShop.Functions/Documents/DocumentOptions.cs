using System.ComponentModel.DataAnnotations;

namespace AutoShop.Functions.Documents;

public sealed class DocumentOptions
{
    public const string Section = "Documents";

    [Range(1, 100 * 1024 * 1024, ErrorMessage = "Documents__MaxFileBytes must be between 1 byte and 100 MiB.")]
    public long MaxFileBytes { get; set; } = 15 * 1024 * 1024;

    [Range(1, 99, ErrorMessage = "Documents__MaxFilesPerAppointment must be between 1 and 99.")]
    public int MaxFilesPerAppointment { get; set; } = 20;
}
