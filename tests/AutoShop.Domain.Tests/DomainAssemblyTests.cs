using System.Reflection;

namespace AutoShop.Domain.Tests;

public class DomainAssemblyTests
{
    [Fact]
    public void Domain_references_no_azure_http_or_io_assemblies()
    {
        var forbidden = new[] { "Azure.", "Microsoft.AspNetCore", "MailKit", "MimeKit", "System.Net.Http" };
        var referenced = typeof(DomainAssembly).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "");
        Assert.DoesNotContain(referenced, name => forbidden.Any(f => name.StartsWith(f, StringComparison.Ordinal)));
    }
}
