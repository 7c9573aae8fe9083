using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Email;

/// <summary>
/// The emails of an introduction, in the recipient's language: the request to the invited contact (with the
/// asking contact's message and the link to their own profile page, where they accept or decline), and, once
/// accepted, each contact the other's name and address. Names and the message are data: filled in one pass,
/// HTML-encoded, never a placeholder or template.
/// </summary>
public static class IntroductionEmails
{
    public static EmailMessage Request(ClusterProfile invited, ClusterProfile asker, string message, string profilePage)
    {
        var texts = EmailTexts.For(invited.Language);
        var slots = new Placeholders();
        var cluster = new Dictionary<string, string> { ["cluster"] = asker.Name, ["country"] = asker.Country, ["invited"] = invited.Name };
        var subject = TextRules.SingleLine(TextSlots.Fill(texts["introductionRequestSubject"], cluster));
        Dictionary<string, object?> Model(bool html) => new()
        {
            ["lang"] = invited.Language,
            ["subject"] = subject,
            ["greeting"] = TextSlots.Fill(texts["greeting"], new Dictionary<string, string> { ["name"] = slots.For("name", html) }),
            ["intro"] = TextSlots.Fill(texts["introductionRequestIntro"], cluster),
            ["paragraphs"] = new List<string> { message, texts["introductionRequestAfter"] },
            ["manageUrl"] = profilePage,
            ["manageLabel"] = texts["introductionRespond"],
            ["t"] = texts,
            ["footer"] = texts["introductionFooter"],
        };
        var recipient = new EmailRecipient(invited.Contact.Email, invited.Contact.Name,
            slots.Values([new KeyValuePair<string, string>("name", invited.Contact.Name)]));
        return new EmailMessage(subject, EmailTemplates.RenderHtml(Model(true)), EmailTemplates.RenderText(Model(false)), [recipient],
            Category: "introduction-request");
    }

    /// <param name="to">The contact written to.</param>
    /// <param name="otherCluster">The name of the other cluster.</param>
    /// <param name="other">The other cluster's contact, whose details this email gives.</param>
    public static EmailMessage Accepted(ClusterContact to, string language, string otherCluster, ClusterContact other, string profilePage)
    {
        var texts = EmailTexts.For(language);
        var slots = new Placeholders();
        var cluster = new Dictionary<string, string> { ["cluster"] = otherCluster };
        var subject = TextRules.SingleLine(TextSlots.Fill(texts["introductionAcceptedSubject"], cluster));
        var contact = TextSlots.Fill(texts["introductionContact"], new Dictionary<string, string> { ["name"] = other.Name, ["email"] = other.Email });
        Dictionary<string, object?> Model(bool html) => new()
        {
            ["lang"] = language,
            ["subject"] = subject,
            ["greeting"] = TextSlots.Fill(texts["greeting"], new Dictionary<string, string> { ["name"] = slots.For("name", html) }),
            ["intro"] = TextSlots.Fill(texts["introductionAcceptedIntro"], cluster),
            ["paragraphs"] = new List<string> { contact },
            ["manageUrl"] = profilePage,
            ["manageLabel"] = texts["introductionProfile"],
            ["t"] = texts,
            ["footer"] = texts["introductionFooter"],
        };
        var recipient = new EmailRecipient(to.Email, to.Name, slots.Values([new KeyValuePair<string, string>("name", to.Name)]));
        return new EmailMessage(subject, EmailTemplates.RenderHtml(Model(true)), EmailTemplates.RenderText(Model(false)), [recipient],
            Category: "introduction-accepted");
    }
}
