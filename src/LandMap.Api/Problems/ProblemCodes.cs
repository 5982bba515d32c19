using Microsoft.AspNetCore.Mvc;

namespace LandMap.Api.Problems;

/// <summary>
/// Problems the framework writes itself (an unknown route's 404, a wrong method's 405, a challenge's 401) get the same stable
/// "code" as ours, so the page can translate every error.
/// </summary>
public static class ProblemCodes
{
    public static void AddMissingCode(ProblemDetailsContext ctx)
    {
        if (ctx.ProblemDetails.Extensions.ContainsKey("code")) return;
        ctx.ProblemDetails.Extensions["code"] = ctx.ProblemDetails.Status switch
        {
            401 => Problems.UnauthorizedCode,
            403 => Problems.ForbiddenCode,
            404 => Problems.NotFoundCode,
            405 => Problems.MethodNotAllowed,
            415 => Problems.UnsupportedMediaTypeCode,
            _ => ctx.ProblemDetails.Status >= 500 ? Problems.ServerError : Problems.InvalidParameter,
        };
    }
}
