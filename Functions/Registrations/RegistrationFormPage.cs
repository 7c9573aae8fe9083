using System.Net;
using System.Text;
using ClustersCord.Domain.Common;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace ClustersCord.Functions.Registrations;

/// <summary>
/// The answer to a refused plain form post (no JavaScript): instead of a problem in JSON, the form again,
/// in the language the person chose for their emails, with what they typed and each error next to its
/// field, posting to the same address. An unknown event or closed registration says so instead.
/// </summary>
public static class RegistrationFormPage
{
    private static readonly string[] Sectors = ["ict", "tourism", "health", "energyEnvironment", "food"];
    private static readonly string[] Roles = ["clusterManager", "clusterMember", "observer", "partner", "other"];

    public static IActionResult Refused(int status, string formText, string action, Uri site, IReadOnlyDictionary<string, string[]>? errors, string? messageKey = null)
    {
        var fields = QueryHelpers.ParseQuery(formText.StartsWith('?') ? formText : "?" + formText);
        string Value(string name) => fields.TryGetValue(name, out var v) && v.Count > 0 ? v[^1] ?? "" : "";
        var texts = SiteTexts.For(Value("language"));
        var index = new Uri(site, "index.html").ToString();
        var html = new StringBuilder();
        html.Append($"""
            <!doctype html><html lang="{texts.Code}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{texts.Html("pageTitle.register")}</title><style>{Style}</style></head><body><main>
            """);
        if (errors is null)
        {
            html.Append($"<h1>{texts.Html("notSent")}</h1><p class=\"notice\" role=\"alert\">{texts.Html(messageKey ?? "errNetwork")}</p>");
        }
        else
        {
            html.Append($"""
                <h1>{texts.Html("notSent")}</h1><p class="notice" role="alert" id="summary">{texts.Html("fixErrors")}</p>
                <form method="post" action="{WebUtility.HtmlEncode(action)}" novalidate>
                """);
            string Error(string name)
            {
                if (!errors.ContainsKey(name))
                {
                    return "";
                }
                var key = name switch
                {
                    "consent" => "errConsent",
                    _ when Value(name).Trim().Length == 0 && name is not ("sectors" or "studyVisit") => "errRequired",
                    "email" => "errEmail",
                    "country" => "errCountry",
                    "role" or "language" or "sectors" or "studyVisit" => "errChoice",
                    _ => "errText",
                };
                return texts.Html(key);
            }
            string Invalid(string name) => errors.ContainsKey(name) ? "true" : "false";
            void Text(string name, string label, string type, int max, string required = " *", string hint = "")
            {
                var hintId = hint.Length > 0 ? $" {name}-hint" : "";
                html.Append($"""
                    <div class="field"><label for="{name}">{texts.Html(label)}{required}</label>{(hint.Length > 0 ? $"<p id=\"{name}-hint\">{texts.Html(hint)}</p>" : "")}
                    <input type="{type}" id="{name}" name="{name}" maxlength="{max}" value="{WebUtility.HtmlEncode(Value(name))}" aria-invalid="{Invalid(name)}" aria-describedby="{name}-error{hintId}">
                    <p class="error" id="{name}-error">{Error(name)}</p></div>
                    """);
            }
            if (Value("invitationCode").Length > 0 || errors.ContainsKey("invitationCode"))
            {
                Text("invitationCode", "invitationCodeLabel", "text", 64);
            }
            Text("firstName", "firstName", "text", 100);
            Text("lastName", "lastName", "text", 100);
            Text("email", "email", "email", 254);
            Text("organisation", "organisation", "text", 200);
            Text("country", "country", "text", 2, hint: "countryCodeHint");
            html.Append($"""<div class="field"><label for="role">{texts.Html("role")} *</label><select id="role" name="role" aria-invalid="{Invalid("role")}" aria-describedby="role-error">""");
            foreach (var role in Roles)
            {
                html.Append($"""<option value="{role}"{(Value("role") == role ? " selected" : "")}>{texts.Html("roles." + role)}</option>""");
            }
            html.Append($"""</select><p class="error" id="role-error">{Error("role")}</p></div>""");
            Text("clusterId", "clusterIdNoScript", "text", 64, required: "");
            var chosen = fields.TryGetValue("sectors", out var s) ? s.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries)).ToHashSet() : [];
            html.Append($"""<fieldset class="field inline" aria-describedby="sectors-error"><legend>{texts.Html("sectors")}</legend>""");
            foreach (var sector in Sectors)
            {
                html.Append($"""<input type="checkbox" id="sector-{sector}" name="sectors" value="{sector}"{(chosen.Contains(sector) ? " checked" : "")}> <label for="sector-{sector}">{texts.Html("sectorNames." + sector)}</label> """);
            }
            html.Append($"""<p class="error" id="sectors-error">{Error("sectors")}</p></fieldset>""");
            html.Append($"""
                <div class="field inline"><input type="checkbox" id="studyVisit" name="studyVisit" value="true"{(Value("studyVisit") is "true" or "on" ? " checked" : "")}> <label for="studyVisit">{texts.Html("studyVisit")}</label></div>
                <div class="field"><label for="language">{texts.Html("emailLanguage")}</label><select id="language" name="language">
                """);
            foreach (var code in Language.All)
            {
                html.Append($"""<option value="{code}" lang="{code}"{(texts.Code == code ? " selected" : "")}>{WebUtility.HtmlEncode(Autonyms[code])}</option>""");
            }
            html.Append($"""
                </select></div>
                <div class="field"><label for="dietaryRequirements">{texts.Html("dietary")}</label>
                <textarea id="dietaryRequirements" name="dietaryRequirements" maxlength="500" rows="2" aria-invalid="{Invalid("dietaryRequirements")}" aria-describedby="dietaryRequirements-error">{WebUtility.HtmlEncode(Value("dietaryRequirements"))}</textarea>
                <p class="error" id="dietaryRequirements-error">{Error("dietaryRequirements")}</p></div>
                <div class="field inline"><input type="checkbox" id="consent" name="consent" value="true" aria-invalid="{Invalid("consent")}" aria-describedby="consent-error"{(Value("consent") is "true" or "on" ? " checked" : "")}>
                <label for="consent">{texts.Html("consent")} *</label> <a href="{WebUtility.HtmlEncode(new Uri(site, "privacy.html").ToString())}">{texts.Html("privacyLink")}</a>
                <p class="error" id="consent-error">{Error("consent")}</p></div>
                <button type="submit">{texts.Html("submit")}</button></form>
                """);
        }
        html.Append($"""<p><a href="{WebUtility.HtmlEncode(index)}">{texts.Html("backToProgramme")}</a></p></main></body></html>""");
        return new ContentActionResult(status, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html.ToString()));
    }

    private const string Style =
        "*{box-sizing:border-box}body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;color:#1a1a1a}"
        + "label,legend{display:block;font-weight:600}.field{margin:0 0 1rem}"
        + "input[type=text],input[type=email],select,textarea{width:100%;padding:.5rem;border:1px solid #767676;border-radius:4px;font:inherit}"
        + ".error{color:#a50e0e;font-weight:600;margin:.25rem 0 0}[aria-invalid=true]{border:2px solid #a50e0e}"
        + ".notice{background:#fbeaea;border:1px solid #a50e0e;border-radius:6px;padding:1rem}.inline label{display:inline;font-weight:normal}"
        + "button{padding:.6rem 1.1rem;border:0;border-radius:4px;background:#0b5394;color:#fff;font:inherit;font-weight:600}a{color:#0b5394}";

    private static readonly Dictionary<string, string> Autonyms = new()
    {
        ["cs"] = "Čeština", ["en"] = "English", ["de"] = "Deutsch", ["it"] = "Italiano",
        ["pl"] = "Polski", ["sk"] = "Slovenčina", ["hu"] = "Magyar", ["sl"] = "Slovenščina",
    };
}
