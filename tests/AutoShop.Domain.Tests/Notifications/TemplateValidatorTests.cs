using AutoShop.Domain.Notifications;

namespace AutoShop.Domain.Tests.Notifications;

public class TemplateValidatorTests
{
    private readonly TemplateValidator validator = new();

    private TemplateValidation Validate(string text, MessageKind kind = MessageKind.Confirmation, TemplatePart part = TemplatePart.Text) =>
        validator.Validate(text, kind, part, Language.En);

    private static TemplateIssue SingleError(TemplateValidation validation) => Assert.Single(validation.Errors);

    [Fact]
    public void A_template_using_only_documented_names_is_valid()
    {
        var validation = Validate("""
            Hi {{ customer.first_name | capitalize }},
            {% for s in services %}- {{ s.name }} ({{ s.price_estimate }}) {{ forloop.index }}/{{ services.size }}
            {% endfor %}{{ appointment.start }} at {{ shop.name }}: {{ manage_link }}
            """);

        Assert.True(validation.IsValid, string.Join("; ", validation.Errors));
    }

    [Fact]
    public void A_syntax_error_is_reported_on_its_line()
    {
        var error = SingleError(Validate("Hello\n\n{{ customer.first_name "));

        Assert.Equal(3, error.Line);
        Assert.Contains("}}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_block_is_reported_where_the_parser_gave_up()
    {
        var error = SingleError(Validate("line one\n{% if customer.first_name %}\nHi"));

        Assert.Equal(3, error.Line);
        Assert.Contains("endif", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_root_variable_is_named_with_its_line()
    {
        var error = SingleError(Validate("Hi {{ customer.first_name }},\nyour car: {{ car.make }}"));

        Assert.Equal(2, error.Line);
        Assert.Contains("'car'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_member_is_named_with_a_suggestion()
    {
        var error = SingleError(Validate("\n\n{{ appointment.strat }}"));

        Assert.Equal(3, error.Line);
        Assert.Contains("'appointment.strat'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'appointment.start'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_occurrence_of_an_unknown_name_is_reported_on_its_own_line()
    {
        var validation = Validate("{{ shop.name }}\n{{ shop.fax }}\n{{ appointment.start }}\n{{ shop.fax }}");

        Assert.Equal([2, 4], validation.Errors.Select(e => e.Line));
    }

    [Fact]
    public void CSharp_property_names_are_not_template_names() =>
        Assert.Contains("'appointment.Start'", SingleError(Validate("{{ appointment.Start }}")).Message, StringComparison.Ordinal);

    [Fact]
    public void A_loop_variable_is_known_inside_its_loop_only()
    {
        var validation = Validate("{% for s in services %}{{ s.name }}{% endfor %}\n{{ s.name }}");

        Assert.Equal(2, SingleError(validation).Line);
    }

    [Fact]
    public void Loop_items_have_only_the_members_of_a_service() =>
        Assert.Contains("'s.price'", SingleError(Validate("{% for s in services %}\n{{ s.price }}{% endfor %}")).Message, StringComparison.Ordinal);

    [Fact]
    public void An_assigned_name_is_known_from_its_assignment_on()
    {
        var validation = Validate("{{ when }}\n{% assign when = appointment.start | upcase %}\n{{ when }}");

        Assert.Equal(1, SingleError(validation).Line);
    }

    [Fact]
    public void An_assignment_keeps_the_shape_of_what_it_names()
    {
        Assert.True(Validate("{% assign first = services.first %}{{ first.name }}").IsValid);
        Assert.False(Validate("{% assign first = services.first %}{{ first.nmae }}").IsValid);
    }

    [Fact]
    public void Captured_and_counted_names_are_known_afterwards() =>
        Assert.True(Validate("{% capture greeting %}Hi {{ customer.first_name }}{% endcapture %}{{ greeting }}{% increment n %}{{ n }}").IsValid);

    [Fact]
    public void The_exception_is_known_only_in_templates_of_exception_kinds()
    {
        Assert.True(Validate("{{ exception.reason }}", MessageKind.ExceptionApproved).IsValid);
        Assert.Contains("'exception'", SingleError(Validate("{{ exception.reason }}", MessageKind.Reminder)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_in_text_quotes_comments_and_raw_blocks_do_not_confuse_the_line()
    {
        var validation = Validate("""
            car {{ "car" }}
            {% comment %}{{ car }}{% endcomment %}
            {% raw %}{{ car }}{% endraw %}
            {{ car }}
            """);

        Assert.Equal(4, SingleError(validation).Line);
    }

    [Fact]
    public void Names_inside_conditions_and_filter_arguments_are_checked()
    {
        var validation = Validate("{% if vehicle.colour == 'red' %}\n{% endif %}\n{{ shop.name | append: shop.slogan }}");

        Assert.Equal([1, 3], validation.Errors.Select(e => e.Line));
    }

    [Fact]
    public void An_unknown_filter_is_an_error() =>
        Assert.Contains("'shout'", SingleError(Validate("{{ shop.name | shout }}")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("{{ appointment | json }}")]
    [InlineData("{{ customer.first_name | raw }}")]
    public void Filters_that_would_bypass_the_allow_list_or_encoding_are_not_available(string text) =>
        Assert.False(Validate(text).IsValid);

    [Fact]
    public void Printing_a_whole_object_is_an_error() =>
        Assert.Contains("appointment.id", SingleError(Validate("{{ appointment }}")).Message, StringComparison.Ordinal);

    [Fact]
    public void Printing_a_whole_list_is_an_error() =>
        Assert.Contains("for", SingleError(Validate("{{ services }}")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("{% include 'footer' %}")]
    [InlineData("{% render 'footer' %}")]
    public void Templates_cannot_pull_in_other_files(string text) =>
        Assert.Contains("not available", SingleError(Validate(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void The_liquid_tag_is_checked_like_any_other_tag()
    {
        var validation = Validate("{% liquid\n  assign n = customer.first_name\n  echo n\n  echo customer.last_name\n%}");

        Assert.Equal(4, SingleError(validation).Line);
    }

    [Fact]
    public void An_empty_template_is_an_error() => Assert.False(Validate("  \n ").IsValid);

    [Fact]
    public void An_sms_longer_than_two_parts_with_sample_data_gets_a_warning()
    {
        var text = string.Concat(Enumerable.Repeat("Your car is ready at {{ shop.name }}. ", 10));

        var validation = validator.Validate(text, MessageKind.FollowUp, TemplatePart.Sms, Language.En);

        Assert.True(validation.IsValid);
        var warning = Assert.Single(validation.Warnings);
        Assert.Contains("parts", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sms_warning_names_the_characters_that_force_ucs2()
    {
        var text = "Recordatorio: " + string.Concat(Enumerable.Repeat("está lista ", 14));

        var warning = Assert.Single(validator.Validate(text, MessageKind.Reminder, TemplatePart.Sms, Language.Es).Warnings);

        Assert.Contains("UCS-2", warning.Message, StringComparison.Ordinal);
        Assert.Contains("á", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_email_text_gets_no_sms_warning() =>
        Assert.Empty(Validate(new string('x', 2000)).Warnings);

    [Fact]
    public void Every_documented_variable_is_accepted_by_the_validator()
    {
        foreach (var variable in TemplateVariables.All)
        {
            var kind = variable.ExceptionKindsOnly ? MessageKind.ExceptionPending : MessageKind.Confirmation;
            var text = variable.Path.Contains("[]", StringComparison.Ordinal)
                ? $"{{% for s in services %}}{{{{ {variable.Path.Replace("services[]", "s", StringComparison.Ordinal)} }}}}{{% endfor %}}"
                : $"{{% if {variable.Path} %}}x{{% endif %}}";

            Assert.True(Validate(text, kind).IsValid, variable.Path);
        }
    }
}
