using AutoShop.Domain.Approvals;
using AutoShop.Functions.Links;
using Microsoft.Extensions.Options;

namespace AutoShop.Functions.Approvals;

/// <summary>
/// One link per approver and request, bound to both: it opens a confirmation page (a GET never
/// decides) and stays readable after the decision so later clicks see who decided and when.
/// </summary>
public sealed class ApproverLinks(LinkTokens tokens, IOptions<SignedLinkOptions> options)
{
    private static readonly TimeSpan ReadableAfterExpiry = TimeSpan.FromDays(7);

    public string Url(ApprovalRequest request, string approver, string decision) =>
        new Uri(options.Value.PublicBaseUrl!, $"/api/approvals/review/{Token(request, approver)}?decision={decision}").ToString();

    public string Token(ApprovalRequest request, string approver) =>
        tokens.Issue(LinkPurpose.Approve, $"{request.Id}|{approver}", 0, request.ExpiresAt.ToDateTimeOffset() + ReadableAfterExpiry);

    public (LinkProblem Problem, string RequestId, string Approver) Read(string token)
    {
        var problem = tokens.Verify(token, LinkPurpose.Approve, out var claims);
        if (problem != LinkProblem.None) return (problem, "", "");
        var parts = claims.Subject.Split('|', 2);
        return parts.Length == 2 ? (LinkProblem.None, parts[0], parts[1]) : (LinkProblem.Malformed, "", "");
    }
}
