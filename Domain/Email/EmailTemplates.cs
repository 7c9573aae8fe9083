using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;

namespace ClustersCord.Domain.Email;

/// <summary>
/// The HTML and plain-text layouts (Liquid, rendered by Fluid). Values are HTML-encoded in the HTML part,
/// so nothing a person typed can become markup.
/// </summary>
public static class EmailTemplates
{
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new();
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly IFluidTemplate HtmlTemplate = Parse("email.html.liquid");
    private static readonly IFluidTemplate TextTemplate = Parse("email.txt.liquid");

    public static string RenderHtml(IReadOnlyDictionary<string, object?> model) => HtmlTemplate.Render(Context(model), Html);

    public static string RenderText(IReadOnlyDictionary<string, object?> model) => TextTemplate.Render(Context(model), NullEncoder.Default);

    private static TemplateContext Context(IReadOnlyDictionary<string, object?> model)
    {
        var context = new TemplateContext(Options);
        foreach (var (name, value) in model)
        {
            context.SetValue(name, value);
        }
        return context;
    }

    private static IFluidTemplate Parse(string name)
    {
        using var stream = typeof(EmailTemplates).Assembly.GetManifestResourceStream($"ClustersCord.Domain.Email.Templates.{name}")
            ?? throw new InvalidOperationException($"Email template '{name}' is missing.");
        using var reader = new StreamReader(stream);
        return Parser.TryParse(reader.ReadToEnd(), out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Email template '{name}' does not parse: {error}");
    }
}
