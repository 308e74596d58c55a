using AutoShop.Functions.Storage;

namespace AutoShop.Functions.Documents;

public static class DocumentsExtensions
{
    public static IServiceCollection AddDocuments(this IServiceCollection services)
    {
        services.AddOptions<DocumentOptions>().BindConfiguration(DocumentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TableDocumentStore>();
        services.AddSingleton<DocumentUploads>();
        services.AddStorageResources(tables: [TableDocumentStore.TableName], containers: [TableDocumentStore.Container]);
        return services;
    }
}
