using LandMap.Core.Revitalisation;

namespace LandMap.Api.Revitalisation;

/// <summary>
/// Section "MuBenefit": the 亩均税收 cut-offs of the A/B/C/D grade (万元/亩/年), where they come from, and the method
/// cited. The shipped figures are a local setting (<see cref="LocalSetting"/>): mu_benefit_shandong.csv found no
/// published Qingdao or Jinan cut-offs (status U). A zone that adopts its own evaluation document names it in Source and
/// sets LocalSetting to false. Checked at start: a wrong section stops the service.
/// </summary>
public sealed class MuBenefitOptions
{
    public const string Section = "MuBenefit";

    public double ATaxWanPerMu { get; set; } = 30;
    public double BTaxWanPerMu { get; set; } = 15;
    public double CTaxWanPerMu { get; set; } = 5;
    public bool LocalSetting { get; set; } = true;
    public string Source { get; set; } = "本地设置 (local setting)";
    public string Method { get; set; } = "山东省亩产效益评价 (单位用地税收; grades A/B/C/D)";

    public MuBenefitThresholds Thresholds => new(ATaxWanPerMu, BTaxWanPerMu, CTaxWanPerMu, Source, Method);

    /// <summary>The options from configuration, or an exception naming what is wrong.</summary>
    public static MuBenefitOptions Load(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<MuBenefitOptions>() ?? new();
        if (options.Thresholds.Problems() is { Count: > 0 } problems)
            throw new InvalidOperationException($"{Section}: {string.Join("; ", problems)}");
        return options;
    }
}

/// <summary>The thresholds a grade was given by, as every answer states them.</summary>
public sealed record ThresholdsDocument(double ATaxWanPerMu, double BTaxWanPerMu, double CTaxWanPerMu, string Indicator, bool LocalSetting,
    string Source, string Method)
{
    public static ThresholdsDocument Of(MuBenefitOptions o) =>
        new(o.ATaxWanPerMu, o.BTaxWanPerMu, o.CTaxWanPerMu, "taxWanPerMu", o.LocalSetting, o.Source, o.Method);
}
