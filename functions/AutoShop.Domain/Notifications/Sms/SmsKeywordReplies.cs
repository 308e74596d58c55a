namespace AutoShop.Domain.Notifications;

/// <summary>
/// The texts that answer a keyword. The opt-out confirmation is the one text the FCC allows
/// after a revocation (47 CFR 64.1200(a)(12)): it confirms and says how to come back, and carries
/// nothing else, no marketing. HELP names the sender and how to opt out, as carriers require.
/// </summary>
/// <param name="SenderName">The shop's name (or the program's when the number has no booking with us).</param>
/// <param name="ContactPhone">A number to call with questions, when the shop has one.</param>
public sealed record SmsKeywordReplies(string SenderName, string? ContactPhone, Language Language)
{
    public string OptedOut => Language == Language.Es
        ? $"{SenderName}: se ha dado de baja y no recibirá más mensajes de texto nuestros. Responda START para volver a suscribirse."
        : $"{SenderName}: you are unsubscribed and will get no more texts from us. Reply START to resubscribe.";

    public string OptedIn => Language == Language.Es
        ? $"{SenderName}: vuelve a recibir mensajes de texto sobre sus citas. Responda STOP para darse de baja o HELP para ayuda. Pueden aplicarse tarifas de mensajes y datos."
        : $"{SenderName}: you will get texts about your appointments again. Reply STOP to opt out, HELP for help. Msg & data rates may apply.";

    public string Help => Language == Language.Es
        ? $"{SenderName}: mensajes de texto sobre sus citas. Responda STOP para darse de baja o START para volver a suscribirse. Pueden aplicarse tarifas de mensajes y datos.{Call(" ¿Preguntas? Llame al ")}"
        : $"{SenderName}: texts about your appointments. Reply STOP to opt out, START to opt back in. Msg & data rates may apply.{Call(" Questions? Call ")}";

    /// <summary>The reply for a keyword, or null when the intent needs none.</summary>
    public string? For(SmsKeywordIntent intent) => intent switch
    {
        SmsKeywordIntent.OptOut => OptedOut,
        SmsKeywordIntent.OptIn => OptedIn,
        SmsKeywordIntent.Help => Help,
        _ => null,
    };

    private string Call(string lead) => string.IsNullOrWhiteSpace(ContactPhone) ? "" : lead + ContactPhone + ".";
}
