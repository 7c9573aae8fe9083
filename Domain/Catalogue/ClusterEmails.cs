using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;

namespace ClustersCord.Domain.Catalogue;

/// <summary>
/// Tells a profile's contact what happened to it (received, approved or rejected, an edit approved or
/// rejected, a working group's answer), in the contact's language, with the profile's manage link. The
/// cluster's and the contact's names are data: filled in one pass, HTML-encoded, never a placeholder; the
/// manage link is a per-recipient slot.
/// </summary>
public static class ClusterEmails
{
    public static EmailMessage Decision(ClusterProfile profile, bool approved)
        => For(profile, new ClusterNotice(approved ? NoticeKind.Approved : NoticeKind.Rejected, profile.ReviewedAt ?? profile.SubmittedAt), manageUrl: null);

    public static EmailMessage For(ClusterProfile profile, ClusterNotice notice, string? manageUrl)
    {
        var texts = EmailTexts.For(profile.Language);
        var slots = new Placeholders();
        var prefix = notice.Kind switch
        {
            NoticeKind.Received => "clusterReceived",
            NoticeKind.Approved => "clusterApproved",
            NoticeKind.Rejected => "clusterRejected",
            NoticeKind.EditApproved => "clusterEditApproved",
            NoticeKind.EditRejected => "clusterEditRejected",
            NoticeKind.MembershipApproved => "workingGroupApproved",
            NoticeKind.MembershipDeclined => "workingGroupDeclined",
            _ => throw new ArgumentOutOfRangeException(nameof(notice), notice.Kind, "No email for this notice."),
        };
        var group = notice.Sector is { } sector ? texts["sector" + sector] : "";
        var subject = TextSlots.Fill(texts[prefix + "Subject"], new Dictionary<string, string> { ["group"] = group, ["cluster"] = profile.Name });
        var hasLink = manageUrl is not null;
        Dictionary<string, object?> Model(bool html) => new()
        {
            ["lang"] = profile.Language,
            ["subject"] = subject,
            ["greeting"] = TextSlots.Fill(texts["greeting"], new Dictionary<string, string> { ["name"] = slots.For("name", html) }),
            ["intro"] = TextSlots.Fill(texts[prefix + "Intro"], new Dictionary<string, string> { ["cluster"] = profile.Name, ["group"] = group }),
            ["manageUrl"] = hasLink ? slots.For("manageUrl", html) : null,
            ["manageLabel"] = texts["clusterManage"],
            ["t"] = texts,
            ["footer"] = texts["catalogueFooter"],
        };
        var html = EmailTemplates.RenderHtml(Model(html: true));
        var text = EmailTemplates.RenderText(Model(html: false));
        var values = new List<KeyValuePair<string, string>> { new("name", profile.Contact.Name) };
        if (hasLink)
        {
            values.Add(new("manageUrl", manageUrl!));
        }
        var recipient = new EmailRecipient(profile.Contact.Email, profile.Contact.Name, slots.Values(values));
        return new EmailMessage(subject, html, text, [recipient], Category: "catalogue-" + Enums.Name(notice.Kind));
    }
}
