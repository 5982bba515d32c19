using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace LandMap.Api.Problems;

/// <summary>
/// Problems in the caller's language: ASP.NET Core's request localization picks the UI culture from Accept-Language
/// (English when the header is missing or names no language we have, so API clients and scripts keep the English texts;
/// the page sends its own language, zh-CN first), and every problem — ours, the framework's 404/405, an exception's — has
/// its title, detail and field reasons said in that language as it is written. The stable <c>code</c>, the field names
/// and the <c>type</c> never change with the language.
/// </summary>
public static class ProblemLanguage
{
    /// <summary>
    /// The UI cultures the Accept-Language header may choose. The app runs with invariant globalization, where a culture
    /// has no parent (zh-CN does not fall back to zh), so each Chinese tag a browser sends is listed; any of them reads the
    /// one Chinese table.
    /// </summary>
    private static readonly string[] UiCultures =
        ["en", "en-US", "en-GB", "zh", "zh-CN", "zh-Hans", "zh-Hans-CN", "zh-SG", "zh-Hant", "zh-TW", "zh-HK", "zh-MO"];

    public static IServiceCollection AddProblemLanguages(this IServiceCollection services)
    {
        services.AddSingleton<IStringLocalizer<ProblemTexts>, ProblemTexts>();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            // Only the UI culture follows the header: numbers, dates and comparisons stay culture-invariant everywhere.
            o.DefaultRequestCulture = new RequestCulture(CultureInfo.InvariantCulture, CultureInfo.GetCultureInfo("en"));
            o.SupportedCultures = [CultureInfo.InvariantCulture];
            o.SupportedUICultures = [.. UiCultures.Select(CultureInfo.GetCultureInfo)];
            o.RequestCultureProviders = [new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    /// <summary>First in the pipeline, so the problems the exception handler and the status-code pages write see it too.</summary>
    public static IApplicationBuilder UseProblemLanguages(this IApplicationBuilder app) => app.UseRequestLocalization();

    /// <summary>
    /// Whether the request asked for Chinese (Accept-Language); the answer then varies by that header. For answers other
    /// than problems that carry server-written text (an import report's reasons and notes).
    /// </summary>
    public static bool WantsChinese(HttpContext http)
    {
        http.Response.Headers.Append("Vary", "Accept-Language");
        return ProblemTexts.IsChinese(UiCulture(http));
    }

    private static CultureInfo UiCulture(HttpContext http) =>
        http.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture ?? CultureInfo.CurrentUICulture;

    /// <summary>ProblemDetailsOptions.CustomizeProblemDetails: says the problem in the request's UI language.</summary>
    public static void Localize(ProblemDetailsContext ctx)
    {
        var http = ctx.HttpContext;
        if (!WantsChinese(http)) return;
        var culture = UiCulture(http);

        var texts = http.RequestServices.GetRequiredService<IStringLocalizer<ProblemTexts>>();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            var p = ctx.ProblemDetails;
            var code = p.Extensions.TryGetValue("code", out var c) ? c as string : null;
            if (p.Status is { } status) p.Title = texts[Problems.Title(status)];
            if (p.Extensions.TryGetValue("errors", out var e) && e is IReadOnlyList<FieldError> errors)
            {
                var said = errors.Select(x => x with { Reason = Say(texts, x.Reason, x.Code) }).ToList();
                p.Extensions["errors"] = said;
                p.Detail = string.Join("；", said.Select(x => $"{x.Field}：{x.Reason}"));
            }
            else if (!string.IsNullOrEmpty(p.Detail) || code is not null)
            {
                p.Detail = string.IsNullOrEmpty(p.Detail) ? Say(texts, code!, code) : Say(texts, p.Detail, code);
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>The text's translation; when there is none, what its code means (never English inside a Chinese answer).</summary>
    private static string Say(IStringLocalizer texts, string english, string? code)
    {
        var said = texts[english];
        if (!said.ResourceNotFound) return said.Value;
        var meaning = code is null ? null : texts[code];
        return meaning is { ResourceNotFound: false } ? meaning.Value : texts[ProblemTexts.Unexplained].Value;
    }
}
