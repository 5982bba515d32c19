namespace LandMap.Api.Plans;

/// <summary>SQL for plans, milestones, progress and meetings: named constants, values as $n parameters.</summary>
internal static class PlansQueries
{
    private const string Columns = """
        p.id, p.resource_kind, p.resource_code, p.zone_code, p.disposal_method, p.responsible_unit, p.officer, p.status, p.notes,
        p.outcome_kind, p.outcome_project_id, p.investment_added_wan, p.expected_output_wan, p.revitalised_on,
        p.version, p.created_at, p.created_by, p.updated_at, p.updated_by,
        pa.area_mu, f.vacant_floor_m2,
        -- The cause in force: the latest finding's (认定) when there is one, else the ledger's own words.
        coalesce((SELECT CASE i.cause WHEN 'enterprise' THEN '企业原因（已认定）'
                      ELSE '政府原因（已认定）：' || CASE i.government_cause_type
                          WHEN 'land-not-delivered' THEN '未按约定交付土地' WHEN 'planning-changed' THEN '规划调整'
                          WHEN 'demolition-unfinished' THEN '征收拆迁未完成' WHEN 'military-or-heritage' THEN '军事管制或文物保护'
                          ELSE '其他政府原因' END END
                  FROM idle_findings i WHERE p.resource_kind = 'parcel' AND i.parcel_code = p.resource_code
                  ORDER BY i.found_on DESC, i.id DESC LIMIT 1), pa.idle_reason) AS idle_reason
        """;

    private const string From = """
        FROM plans p
        LEFT JOIN parcels pa ON p.resource_kind = 'parcel' AND pa.code = p.resource_code
        LEFT JOIN factories f ON p.resource_kind = 'factory' AND f.code = p.resource_code
        """;

    /// <summary>$1 kind, $2 code: the resource's zone, or no row when there is no such resource.</summary>
    public const string ResourceZone = """
        SELECT zone_code FROM parcels WHERE $1 = 'parcel' AND code = $2
        UNION ALL
        SELECT zone_code FROM factories WHERE $1 = 'factory' AND code = $2
        """;

    /// <summary>$1 parcel code: the cause of its latest finding (the one in force), or no row.</summary>
    public const string LatestFindingCause = "SELECT cause FROM idle_findings WHERE parcel_code = $1 ORDER BY found_on DESC, id DESC LIMIT 1";

    /// <summary>$1 plan id: the cause of the latest finding on its parcel, or no row (a factory, or no finding).</summary>
    public const string PlanFindingCause = """
        SELECT f.cause FROM plans p JOIN idle_findings f ON p.resource_kind = 'parcel' AND f.parcel_code = p.resource_code
        WHERE p.id = $1 ORDER BY f.found_on DESC, f.id DESC LIMIT 1
        """;

    /// <summary>$1 kind, $2 code: the id of the resource's open plan.</summary>
    public const string OpenPlanOf = "SELECT id FROM plans WHERE resource_kind = $1 AND resource_code = $2 AND status = 'open'";

    public const string Insert = """
        INSERT INTO plans (resource_kind, resource_code, zone_code, disposal_method, responsible_unit, officer, notes, created_by, updated_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
        RETURNING id
        """;

    public const string ById = $"SELECT {Columns} {From} WHERE p.id = $1";

    public const string LockVersion = "SELECT version, status FROM plans WHERE id = $1 FOR UPDATE";

    /// <summary>$1 id, $2–$6 the fields (NULL: keep; officer/notes: $7/$8 true = clear), $9 actor. Bumps the version only on a real change.</summary>
    public const string Patch = """
        UPDATE plans SET
            disposal_method = COALESCE($2, disposal_method),
            responsible_unit = COALESCE($3, responsible_unit),
            officer = CASE WHEN $7 THEN NULL ELSE COALESCE($4, officer) END,
            notes = CASE WHEN $8 THEN NULL ELSE COALESCE($5, notes) END,
            status = COALESCE($6, status),
            version = version + 1, updated_at = now(), updated_by = $9
        WHERE id = $1
          AND ROW(disposal_method, responsible_unit, officer, notes, status) IS DISTINCT FROM
              ROW(COALESCE($2, disposal_method), COALESCE($3, responsible_unit), CASE WHEN $7 THEN NULL ELSE COALESCE($4, officer) END,
                  CASE WHEN $8 THEN NULL ELSE COALESCE($5, notes) END, COALESCE($6, status))
        """;

    /// <summary>$1 id, $2 kind, $3 project, $4 investment, $5 output, $6 day, $7 actor, $8 note appended to the notes.</summary>
    public const string RecordOutcome = """
        UPDATE plans SET status = 'done', outcome_kind = $2, outcome_project_id = $3, investment_added_wan = $4, expected_output_wan = $5,
            revitalised_on = $6, notes = CASE WHEN $8::text IS NULL THEN notes ELSE concat_ws(E'\n', notes, $8::text) END,
            version = version + 1, updated_at = now(), updated_by = $7
        WHERE id = $1
        """;

    /// <summary>
    /// $1 zones (NULL: all), $2 statuses (NULL: all), $3 unit (exact, NULL: all), $4 overdue only, $5 today, $6 limit, $7 offset.
    /// Overdue: an open milestone due before today.
    /// </summary>
    private const string Filter = """
        WHERE ($1::text[] IS NULL OR p.zone_code = ANY($1))
          AND ($2::text[] IS NULL OR p.status = ANY($2))
          AND ($3::text IS NULL OR p.responsible_unit = $3)
          AND (NOT $4 OR EXISTS (SELECT 1 FROM plan_milestones m WHERE m.plan_id = p.id AND m.done_on IS NULL AND m.due_on < $5))
        """;

    public const string List = $"SELECT {Columns} {From} {Filter} ORDER BY p.zone_code, p.responsible_unit, p.id LIMIT $6 OFFSET $7";

    public const string Count = $"SELECT count(*) FROM plans p {Filter}";

    public const string MilestonesOf = "SELECT id, plan_id, title, due_on, done_on, done_by FROM plan_milestones WHERE plan_id = ANY($1) ORDER BY due_on, id";

    public const string InsertMilestone = "INSERT INTO plan_milestones (plan_id, title, due_on) VALUES ($1, $2, $3) RETURNING id";

    /// <summary>$1 plan, $2 milestone, $3 day, $4 actor: only an open milestone of that plan; no row otherwise.</summary>
    public const string CompleteMilestone = """
        UPDATE plan_milestones SET done_on = $3, done_by = $4 WHERE plan_id = $1 AND id = $2 AND done_on IS NULL
        RETURNING id, plan_id, title, due_on, done_on, done_by
        """;

    public const string MilestoneExists = "SELECT 1 FROM plan_milestones WHERE plan_id = $1 AND id = $2";

    public const string ProgressOf = """
        SELECT id, plan_id, on_date, written_at, written_by, body, meeting_id FROM plan_progress WHERE plan_id = ANY($1) ORDER BY on_date, id
        """;

    public const string InsertProgress = """
        INSERT INTO plan_progress (plan_id, on_date, written_by, body, meeting_id) VALUES ($1, $2, $3, $4, $5)
        RETURNING id, plan_id, on_date, written_at, written_by, body, meeting_id
        """;

    public const string PlanExists = "SELECT status FROM plans WHERE id = $1";

    public const string ProjectExists = "SELECT 1 FROM projects WHERE id = $1";

    public const string ZoneExists = "SELECT 1 FROM zones WHERE code = $1";

    // Meetings.

    public const string InsertMeeting = """
        INSERT INTO meetings (held_on, title, zone_code, created_by) VALUES ($1, $2, $3, $4)
        RETURNING id, held_on, title, zone_code, created_by, created_at
        """;

    /// <summary>$1 zones (NULL: all): meetings newest first; a meeting on every zone (zone NULL) is listed under any zone filter.</summary>
    public const string Meetings = """
        SELECT id, held_on, title, zone_code, created_by, created_at FROM meetings
        WHERE $1::text[] IS NULL OR zone_code IS NULL OR zone_code = ANY($1)
        ORDER BY held_on DESC, id DESC
        LIMIT 500
        """;

    public const string MeetingById = "SELECT id, held_on, title, zone_code, created_by, created_at FROM meetings WHERE id = $1";

    /// <summary>$1 meeting: the one before it on the same scope (same zone, or both on every zone), by day then id.</summary>
    public const string PreviousMeeting = """
        SELECT prev.id, prev.held_on, prev.title, prev.zone_code, prev.created_by, prev.created_at
        FROM meetings m
        JOIN meetings prev ON prev.zone_code IS NOT DISTINCT FROM m.zone_code AND (prev.held_on, prev.id) < (m.held_on, m.id)
        WHERE m.id = $1
        ORDER BY prev.held_on DESC, prev.id DESC
        LIMIT 1
        """;

    /// <summary>$1 zone (NULL: every zone): the open plans a meeting reviews, grouped by zone and responsible unit.</summary>
    public const string OpenPlans = $"""
        SELECT {Columns} {From}
        WHERE p.status = 'open' AND ($1::text IS NULL OR p.zone_code = $1)
        ORDER BY p.zone_code, p.responsible_unit, p.id
        """;

    public const string InsertDecision = """
        INSERT INTO meeting_decisions (meeting_id, plan_id, decision, decided_by) VALUES ($1, $2, $3, $4)
        RETURNING id, meeting_id, plan_id, decision, decided_by, decided_at
        """;

    public const string DecisionsOf = """
        SELECT id, meeting_id, plan_id, decision, decided_by, decided_at FROM meeting_decisions WHERE meeting_id = $1 ORDER BY id
        """;
}
