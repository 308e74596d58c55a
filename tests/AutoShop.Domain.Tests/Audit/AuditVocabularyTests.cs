using AutoShop.Domain.Approvals;
using AutoShop.Domain.Audit;

namespace AutoShop.Domain.Tests.Audit;

/// <summary>Every action the code can write on its way into the ledger is one the ledger accepts.</summary>
public sealed class AuditVocabularyTests
{
    [Fact]
    public void Every_word_the_code_writes_into_an_audit_record_is_in_the_ledger_vocabulary()
    {
        // AuditWord is the registry the writers must use (AuditEntry takes one; only its own fields exist).
        Assert.Contains(AuditWord.Booked, AuditWord.All);
        Assert.Contains(AuditWord.ExceptionWithdrawn, AuditWord.All);

        var rejected = AuditWord.All.Where(w => AuditAction.TryParse(w.Value).IsFailure).Select(w => w.Value);

        Assert.Empty(rejected);
    }

    [Fact]
    public void Every_state_an_exception_request_can_be_recorded_in_has_an_action_the_ledger_accepts()
    {
        var words = Enum.GetValues<ApprovalStatus>().Select(ApprovalRequest.AuditWordOf).ToList();

        Assert.Empty(words.Where(w => AuditAction.TryParse(w.Value).IsFailure).Select(w => w.Value));
        Assert.Equal(words.Count, words.Distinct().Count());
    }

    [Fact]
    public void The_booking_aggregates_own_words_read_as_the_vocabularys()
    {
        Assert.Equal([AuditAction.Created, AuditAction.NoShow, AuditAction.NoShow, AuditAction.ExceptionApproved],
            [AuditAction.Parse(AuditWord.Booked.Value), AuditAction.Parse(AuditWord.MarkedNoShow.Value), AuditAction.Parse(AuditWord.NoShow.Value),
             AuditAction.Parse(AuditWord.ExceptionApproved.Value)]);
    }
}
