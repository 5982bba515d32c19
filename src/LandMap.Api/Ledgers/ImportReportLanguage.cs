using LandMap.Api.Problems;

namespace LandMap.Api.Ledgers;

/// <summary>
/// An import report in the caller's language (Accept-Language, as problems are): the rows' reasons, the reader's notes, the
/// coordinate system's description and the refusal are said in Chinese when the page is Chinese. The stable parts (row,
/// field, code, counts, mapping) never change with the language; a text the table does not know stays as written, since
/// it carries the file's own values.
/// </summary>
internal static class ImportReportLanguage
{
    public static ImportReport Say(ImportReport report, HttpContext http) => !ProblemLanguage.WantsChinese(http) ? report : report with
    {
        Refused = report.Refused is { } refused ? Say(refused) : null,
        Notes = [.. report.Notes.Select(Say)],
        Crs = report.Crs with { Description = ProblemTexts.TranslatePieces(report.Crs.Description) },
        Problems = [.. report.Problems.Select(p => p with { Reason = Say(p.Reason) })],
    };

    private static string Say(string english) => ProblemTexts.Translate(english) ?? english;
}
