using ClustersCord.Domain.Email;

namespace ClustersCord.Domain.Catalogue;

/// <summary>
/// Tells a profile's contact that organisers approved or rejected it, in the contact's language. The
/// cluster's and the contact's names are data: filled in one pass, HTML-encoded, never a placeholder.
/// </summary>
public static class ClusterEmails
{
    public static EmailMessage Decision(ClusterProfile profile, bool approved)
    {
        var texts = EmailTexts.For(profile.Language);
        var slots = new Placeholders();
        var prefix = approved ? "clusterApproved" : "clusterRejected";
        var subject = texts[prefix + "Subject"];
        Dictionary<string, object?> Model(bool html) => new()
        {
            ["lang"] = profile.Language,
            ["subject"] = subject,
            ["greeting"] = TextSlots.Fill(texts["greeting"], new Dictionary<string, string> { ["name"] = slots.For("name", html) }),
            ["intro"] = TextSlots.Fill(texts[prefix + "Intro"], new Dictionary<string, string> { ["cluster"] = profile.Name }),
            ["t"] = texts,
            ["footer"] = texts["catalogueFooter"],
        };
        var html = EmailTemplates.RenderHtml(Model(html: true));
        var text = EmailTemplates.RenderText(Model(html: false));
        var recipient = new EmailRecipient(profile.Contact.Email, profile.Contact.Name,
            slots.Values([new KeyValuePair<string, string>("name", profile.Contact.Name)]));
        return new EmailMessage(subject, html, text, [recipient], Category: "catalogue-" + (approved ? "approved" : "rejected"));
    }
}
