using LandMap.Api.Problems;
using LandMap.Core.Plans;

namespace LandMap.Api.Plans;

/// <summary>Checks shared by the plan and meeting bodies: each error names its field.</summary>
internal static class Check
{
    public static string? Text(string? value, string field, int max, bool required, List<FieldError> errors)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is null && required) errors.Add(new(field, Problems.Problems.InvalidField, "is required"));
        else if (text is { Length: var n } && n > max) errors.Add(new(field, Problems.Problems.InvalidField, $"{n} characters; at most {max}"));
        return text;
    }

    public static string? OneOf(string? value, string field, IReadOnlyList<string> allowed, bool required, List<FieldError> errors)
    {
        if (value is null)
        {
            if (required) errors.Add(new(field, Problems.Problems.InvalidField, $"is required; one of {string.Join(", ", allowed)}"));
            return null;
        }
        if (!allowed.Contains(value)) errors.Add(new(field, Problems.Problems.InvalidField, $"'{value}' is not one of {string.Join(", ", allowed)}"));
        return value;
    }

    /// <summary>A day within the plans' range and, when <paramref name="notAfter"/> is given, not after it (no future progress).</summary>
    public static DateOnly? Day(DateOnly? value, string field, bool required, List<FieldError> errors, DateOnly? notAfter = null)
    {
        if (value is null)
        {
            if (required) errors.Add(new(field, Problems.Problems.InvalidField, "is required (YYYY-MM-DD)"));
            return null;
        }
        if (value < PlanLists.FirstDay || value > PlanLists.LastDay)
            errors.Add(new(field, Problems.Problems.InvalidField, $"must be between {PlanLists.FirstDay:yyyy-MM-dd} and {PlanLists.LastDay:yyyy-MM-dd}"));
        else if (notAfter is { } last && value > last) errors.Add(new(field, Problems.Problems.InvalidField, $"may not be after today ({last:yyyy-MM-dd})"));
        return value;
    }

    public static double? Wan(double? value, string field, bool required, List<FieldError> errors)
    {
        if (value is null)
        {
            if (required) errors.Add(new(field, Problems.Problems.InvalidField, "is required (万元)"));
            return null;
        }
        if (value < 0 || value >= PlanLists.MaxWan) errors.Add(new(field, Problems.Problems.InvalidField, $"must be at least 0 and under {PlanLists.MaxWan:0} 万元"));
        return value;
    }
}

/// <summary>POST /api/plans.</summary>
public sealed record PlanCreateInput(
    string? ResourceKind, string? ResourceCode, string? DisposalMethod, string? ResponsibleUnit, string? Officer, string? Notes,
    IReadOnlyList<MilestoneInput>? Milestones)
{
    public List<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        Check.OneOf(ResourceKind, "resourceKind", PlanLists.ResourceKinds, true, errors);
        Check.Text(ResourceCode, "resourceCode", PlanLists.MaxCode, true, errors);
        Check.OneOf(DisposalMethod, "disposalMethod", PlanLists.DisposalMethods, true, errors);
        Check.Text(ResponsibleUnit, "responsibleUnit", PlanLists.MaxUnit, true, errors);
        Check.Text(Officer, "officer", PlanLists.MaxOfficer, false, errors);
        Check.Text(Notes, "notes", PlanLists.MaxText, false, errors);
        if (Milestones is { Count: > 50 }) errors.Add(new("milestones", Problems.Problems.InvalidField, "at most 50"));
        for (var i = 0; i < (Milestones?.Count ?? 0); i++)
        {
            if (Milestones![i] is null) errors.Add(new($"milestones[{i}]", Problems.Problems.InvalidField, "expected an object"));
            else Milestones[i].Validate($"milestones[{i}].", errors);
        }
        return errors;
    }
}

/// <summary>A milestone to add: a title and the day it is due.</summary>
public sealed record MilestoneInput(string? Title, DateOnly? DueOn)
{
    public void Validate(string prefix, List<FieldError> errors)
    {
        Check.Text(Title, prefix + "title", PlanLists.MaxTitle, true, errors);
        Check.Day(DueOn, prefix + "dueOn", true, errors);
    }
}

/// <summary>PATCH /api/plans/{id}: the fields given change. Status may go open ↔ abandoned here; done comes with the outcome.</summary>
public sealed record PlanPatchInput(string? DisposalMethod, string? ResponsibleUnit, string? Officer, string? Notes, string? Status)
{
    public List<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        Check.OneOf(DisposalMethod, "disposalMethod", PlanLists.DisposalMethods, false, errors);
        if (ResponsibleUnit is not null) Check.Text(ResponsibleUnit, "responsibleUnit", PlanLists.MaxUnit, true, errors);
        Check.Text(Officer, "officer", PlanLists.MaxOfficer, false, errors);
        Check.Text(Notes, "notes", PlanLists.MaxText, false, errors);
        Check.OneOf(Status, "status", [PlanLists.Open, PlanLists.Abandoned], false, errors);
        return errors;
    }
}

/// <summary>POST /api/plans/{id}/milestones/{milestoneId}/complete: the day it was done (default today).</summary>
public sealed record CompleteInput(DateOnly? DoneOn);

/// <summary>POST /api/plans/{id}/progress: what happened, on which day (default today), and the meeting it was reported to.</summary>
public sealed record ProgressInput(string? Text, DateOnly? On, long? MeetingId);

/// <summary>POST /api/plans/{id}/outcome: how the resource was revitalised; closes the plan as done.</summary>
public sealed record OutcomeInput(string? Kind, long? ProjectId, double? InvestmentAddedWan, double? ExpectedOutputWan, DateOnly? RevitalisedOn, string? Note)
{
    public List<FieldError> Validate(DateOnly today)
    {
        var errors = new List<FieldError>();
        Check.OneOf(Kind, "kind", PlanLists.OutcomeKinds, true, errors);
        Check.Wan(InvestmentAddedWan, "investmentAddedWan", true, errors);
        Check.Wan(ExpectedOutputWan, "expectedOutputWan", true, errors);
        Check.Day(RevitalisedOn, "revitalisedOn", true, errors, today);
        Check.Text(Note, "note", PlanLists.MaxText, false, errors);
        if (ProjectId is <= 0) errors.Add(new("projectId", Problems.Problems.InvalidField, "must be a project id"));
        return errors;
    }
}

/// <summary>POST /api/meetings.</summary>
public sealed record MeetingInput(DateOnly? HeldOn, string? Title, string? ZoneCode)
{
    public List<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        Check.Day(HeldOn, "heldOn", true, errors);
        Check.Text(Title, "title", PlanLists.MaxTitle, true, errors);
        Check.Text(ZoneCode, "zoneCode", PlanLists.MaxCode, false, errors);
        return errors;
    }
}

/// <summary>POST /api/meetings/{id}/decisions.</summary>
public sealed record DecisionInput(long? PlanId, string? Decision)
{
    public List<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (PlanId is null or <= 0) errors.Add(new("planId", Problems.Problems.InvalidField, "is required: the plan the decision is about"));
        Check.Text(Decision, "decision", PlanLists.MaxText, true, errors);
        return errors;
    }
}
