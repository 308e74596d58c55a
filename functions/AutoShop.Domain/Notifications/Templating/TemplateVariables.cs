namespace AutoShop.Domain.Notifications;

/// <summary>
/// One name a template may use. List items are written <c>services[].name</c>: inside
/// <c>{% for s in services %}</c> that is <c>s.name</c>.
/// </summary>
public sealed record TemplateVariable(string Path, string Description, bool ExceptionKindsOnly);

/// <summary>What template authors can use; the template editor shows this list.</summary>
public static class TemplateVariables
{
    public static IReadOnlyList<TemplateVariable> All => TemplateSchema.Documented;
}
