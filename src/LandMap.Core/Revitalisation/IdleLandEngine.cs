namespace LandMap.Core.Revitalisation;

/// <summary>
/// Applies the idle-land rules to one supplied parcel on a given day. Pure: the day is passed in.
///
/// "One full year" (满一年, 《闲置土地处置办法》art. 2 "超过…约定…动工开发日期满一年未动工开发") is counted as the Civil Code
/// counts periods (民法典 arts. 201–202): the start day is not counted and the period ends on the corresponding day a
/// year later, or on the month's last day when there is none. So land agreed to start on 2024-03-01 is idle one full
/// year on 2025-03-01 (the anniversary, not the day before), and land agreed for 2024-02-29 on 2025-02-28.
/// <see cref="DateOnly.AddYears"/> gives exactly that.
/// </summary>
public static class IdleLandEngine
{
    public const int DefaultWarningDays = 90;

    public static DateOnly FullYearsAfter(DateOnly start, int years) => start.AddYears(years);

    public static IdleAssessment Assess(SuppliedLandFacts facts, IdleFinding? finding, DateOnly today, IdleLandRuleSet rules,
        int warningDays = DefaultWarningDays)
    {
        var missing = Missing(facts);
        var grounds = Grounds(facts, today, rules);
        var warning = grounds.Count == 0 ? Warn(facts, today, rules, warningDays) : null;
        if (finding is null)
            return new IdleAssessment(grounds.Count > 0 ? IdleStatus.Suspected : IdleStatus.None, grounds, [], warning, null, missing);

        // A finding fixes the status; its idle clock is the earliest ground's, or the agreed start when the facts on
        // file no longer show one (the finding was made on facts we may not hold).
        var since = grounds.Count > 0 ? grounds.Min(g => g.IdleSince) : facts.AgreedStartOn;
        if (finding.Cause == IdleCause.Government)
        {
            var methods = rules.DisposalMethods.Select(m => new Consequence("disposal", RuleCitation.Of(m),
                m.LimitYears is { } y ? FullYearsAfter(finding.FoundOn, y) : null, false, null, m.LimitYears, m.Content)).ToList();
            return new IdleAssessment(IdleStatus.Found, grounds, methods, null, RuleCitation.Of(rules[IdleLandRuleSet.GovernmentCause]), missing);
        }

        var consequences = new List<Consequence>();
        if (since is { } s)
        {
            var fee = rules[IdleLandRuleSet.Fee];
            var feeOn = FullYearsAfter(s, fee.Years!.Value);
            consequences.Add(new Consequence("fee", RuleCitation.Of(fee), feeOn, today >= feeOn,
                facts.LandPriceWan * fee.FeeShare, null, fee.Content));
            var recovery = rules[IdleLandRuleSet.Recovery];
            var recoveryOn = FullYearsAfter(s, recovery.Years!.Value);
            consequences.Add(new Consequence("recovery", RuleCitation.Of(recovery), recoveryOn, today >= recoveryOn, null, null, recovery.Content));
        }
        return new IdleAssessment(IdleStatus.Found, grounds, consequences, null, null, missing);
    }

    /// <summary>Every idle rule the facts meet today, in table order.</summary>
    public static IReadOnlyList<IdleGround> Grounds(SuppliedLandFacts f, DateOnly today, IdleLandRuleSet rules)
    {
        var grounds = new List<IdleGround>();
        if (f.AgreedStartOn is not { } agreed || f.SupplyType is null) return grounds;
        var started = f.ActualStartOn is { } actual && actual <= today;

        var noStart = rules[IdleLandRuleSet.NoStart];
        var noStartOn = FullYearsAfter(agreed, noStart.Years!.Value);
        if (!started && today >= noStartOn) grounds.Add(new IdleGround(RuleCitation.Of(noStart), agreed, noStartOn));

        var halted = rules[IdleLandRuleSet.Halted];
        if (started && f.HaltedOn is { } haltedOn && haltedOn <= today && (Under(f.DevelopedShare, halted.AreaShare) || Under(f.InvestedShare, halted.InvestedShare)))
        {
            var haltedYearOn = FullYearsAfter(haltedOn, halted.Years!.Value);
            if (today >= haltedYearOn) grounds.Add(new IdleGround(RuleCitation.Of(halted), haltedOn, haltedYearOn));
        }

        foreach (var p in rules.ProvincialIdleRules)
        {
            var on = FullYearsAfter(agreed, p.Years!.Value);
            // Not started at all counts as nothing developed and nothing invested.
            var developed = started ? f.DevelopedShare : 0;
            var invested = started ? f.InvestedShare : 0;
            if (today >= on && (Under(developed, p.AreaShare) || Under(invested, p.InvestedShare)))
                grounds.Add(new IdleGround(RuleCitation.Of(p), agreed, on));
        }
        return grounds;
    }

    /// <summary>"Under" is strict: exactly 1/3 developed or exactly 25 % invested is not under the threshold.</summary>
    private static bool Under(double? share, double? threshold) => share is { } s && threshold is { } t && s < t;

    private static IdleWarning? Warn(SuppliedLandFacts f, DateOnly today, IdleLandRuleSet rules, int days)
    {
        if (f.AgreedStartOn is not { } agreed || f.SupplyType is null || f.ActualStartOn is { } a && a <= today) return null;
        var rule = rules[IdleLandRuleSet.NoStart];
        var idleOn = FullYearsAfter(agreed, rule.Years!.Value);
        var left = idleOn.DayNumber - today.DayNumber;
        return left > 0 && left <= days ? new IdleWarning(RuleCitation.Of(rule), idleOn, left) : null;
    }

    private static IReadOnlyList<string> Missing(SuppliedLandFacts f)
    {
        var missing = new List<string>();
        if (f.SupplyType is null) missing.Add("supplyType");
        if (f.AgreedStartOn is null) missing.Add("agreedStartOn");
        if (f.ActualStartOn is not null && (f.DevelopedShare is null || f.InvestedShare is null))
        {
            if (f.DevelopedShare is null) missing.Add("developedShare");
            if (f.InvestedShare is null) missing.Add("investedShare");
        }
        if (f.LandPriceWan is null) missing.Add("landPriceWan");
        return missing;
    }
}
