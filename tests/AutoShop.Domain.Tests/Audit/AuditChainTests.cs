using AutoShop.Domain.Audit;
using NodaTime;
using static AutoShop.Domain.Tests.Audit.AuditRecordTests;

namespace AutoShop.Domain.Tests.Audit;

public class AuditChainTests
{
    private static readonly Instant ChainedAt = Instant.FromUtc(2026, 3, 2, 15, 0, 1);

    private static List<(ChainLinkFields Link, string Hash)> Chain(int length)
    {
        var links = new List<(ChainLinkFields, string)>();
        var previous = AuditChain.GenesisHash;
        for (var seq = 1; seq <= length; seq++)
        {
            var link = ChainLinkFields.From(Record($"test:{seq}"), seq, ChainedAt + Duration.FromSeconds(seq));
            previous = AuditChain.Hash(previous, link);
            links.Add((link, previous));
        }
        return links;
    }

    private static ChainBreak? Walk(IEnumerable<(ChainLinkFields Link, string Hash)> links)
    {
        var walker = new ChainWalker(1, AuditChain.GenesisHash);
        return links.Select(l => walker.Accept(l.Link, l.Hash)).FirstOrDefault(b => b is not null);
    }

    [Fact]
    public void The_hash_format_is_pinned_so_stored_ledgers_stay_verifiable()
    {
        var link = ChainLinkFields.From(Record(), 1, ChainedAt);

        Assert.Equal("2026-03-02T15:00:01.0000000Z", link.ChainedAt);
        Assert.Equal("2026-03-02T10:00:00.0000000-05:00", link.AtLocal);
        // Computed outside .NET from the documented format (32 zero bytes, then per field 0x00 + int32 BE length + UTF-8, 0xFF for null).
        Assert.Equal("b200b3c1e74f53a39066c1a76647f2091085216c3eb438d90daf99562968bc00", AuditChain.Hash(AuditChain.GenesisHash, link));
    }

    [Fact]
    public void An_intact_chain_walks_to_its_end()
    {
        var walker = new ChainWalker(1, AuditChain.GenesisHash);

        Assert.All(Chain(5), l => Assert.Null(walker.Accept(l.Link, l.Hash)));
        Assert.Equal((5L, 5L), (walker.Checked, walker.LastSequence!.Value));
    }

    [Fact]
    public void Editing_a_field_breaks_that_link_with_the_expected_and_stored_hash()
    {
        var links = Chain(5);
        links[2] = (links[2].Link with { ReasonCode = "other" }, links[2].Hash);

        var broken = Walk(links);

        Assert.Equal((3L, ChainProblem.HashMismatch, links[2].Hash), (broken!.Sequence, broken.Problem, broken.StoredHash));
        Assert.Equal(AuditChain.Hash(links[1].Hash, links[2].Link), broken.ExpectedHash);
    }

    [Fact]
    public void Rewriting_a_link_and_its_hash_breaks_the_next_link()
    {
        var links = Chain(5);
        var forged = links[2].Link with { Before = "nothing to see" };
        links[2] = (forged, AuditChain.Hash(links[1].Hash, forged));

        Assert.Equal(4, Walk(links)!.Sequence);
    }

    [Fact]
    public void Removing_a_link_is_reported_as_its_sequence_number_missing()
    {
        var links = Chain(5);
        links.RemoveAt(1);

        Assert.Equal(new ChainBreak(2, ChainProblem.Missing, null, null), Walk(links));
    }

    [Fact]
    public void Null_and_empty_fields_and_shifted_separators_hash_differently()
    {
        var link = ChainLinkFields.From(Record(), 1, ChainedAt);
        var hashes = new[]
        {
            link, link with { Subject = "" }, link with { Before = "ab", After = "c" }, link with { Before = "a", After = "bc" },
        }.Select(l => AuditChain.Hash(AuditChain.GenesisHash, l));

        Assert.Equal(4, hashes.Distinct().Count());
    }
}
