using AutoShop.Functions.Documents;
using AutoShop.Functions.Operability;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.SelfService;

/// <summary>
/// A customer upload takes a file of up to <c>Documents:MaxFileBytes</c> plus its multipart framing,
/// not the default body limit. The setting is read per request: an attribute has no services of its own.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CustomerUploadBodyLimitAttribute : Attribute, IRequestBodyLimitSetting
{
    public long? MaxRequestBodySize(IServiceProvider services) =>
        services.GetRequiredService<IOptions<DocumentOptions>>().Value.MaxFileBytes + UploadReader.MultipartOverhead;
}
