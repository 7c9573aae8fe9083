using System.Net;
using ClustersCord.Domain.Email;

namespace ClustersCord.Domain.Catalogue;

/// <summary>Tells a profile's contact that organisers approved or rejected it, in the contact's language.</summary>
public static class ClusterEmails
{
    public static EmailMessage Decision(ClusterProfile profile, bool approved)
    {
        var texts = EmailTexts.For(profile.Language);
        var prefix = approved ? "clusterApproved" : "clusterRejected";
        var subject = texts[prefix + "Subject"];
        var model = new Dictionary<string, object?>
        {
            ["lang"] = profile.Language,
            ["subject"] = subject,
            ["intro"] = texts[prefix + "Intro"].Replace("{cluster}", profile.Name, StringComparison.Ordinal),
            ["t"] = texts,
            ["footer"] = texts["catalogueFooter"],
        };
        model["greeting"] = texts["greeting"].Replace("{name}", "{{nameHtml}}", StringComparison.Ordinal);
        var html = EmailTemplates.RenderHtml(model);
        model["greeting"] = texts["greeting"].Replace("{name}", "{{name}}", StringComparison.Ordinal);
        var text = EmailTemplates.RenderText(model);
        var recipient = new EmailRecipient(profile.Contact.Email, profile.Contact.Name, new Dictionary<string, string>
        {
            ["name"] = profile.Contact.Name,
            ["nameHtml"] = WebUtility.HtmlEncode(profile.Contact.Name),
        });
        return new EmailMessage(subject, html, text, [recipient], Category: "catalogue-" + (approved ? "approved" : "rejected"));
    }
}
