-- Issue 13: a plan per idle parcel or vacant building (一地一策), its milestones and progress, and the dispatch meetings
-- (政企闲置资源调度会) that review open plans and record decisions against them.
-- Disposal methods: art. 12 of 《闲置土地处置办法》 (MLR Order No. 53, 2012) for government causes — extend the start
-- deadline, change use/planning conditions, temporary use, paid recovery by agreement, land swap; art. 14 for the
-- enterprise's fault (recovery, idle-land fee); and the zones' own measures (招商盘活, 企业改扩建, 转让/出租).
-- Method, status and kind lists are also in LandMap.Core.Plans.PlanLists: keep the two equal.
-- Every text has a length limit and every date a sane range, so nothing unreadable can be stored.

CREATE TABLE plans (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    resource_kind           text NOT NULL CHECK (resource_kind IN ('parcel', 'factory')),
    resource_code           text NOT NULL CHECK (length(resource_code) BETWEEN 1 AND 100),
    zone_code               text NOT NULL REFERENCES zones (code),
    disposal_method         text NOT NULL CHECK (disposal_method IN ('依法收回', '征收闲置费', '延长开工期限', '调整用途/规划条件', '临时使用',
                                                                     '协议有偿收回', '置换土地', '招商盘活', '企业改扩建', '转让/出租', '其他')),
    responsible_unit        text NOT NULL CHECK (length(btrim(responsible_unit)) BETWEEN 1 AND 200),
    officer                 text CHECK (length(btrim(officer)) BETWEEN 1 AND 100),
    status                  text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'abandoned')),
    notes                   text CHECK (length(notes) <= 4000),
    -- The outcome, recorded when the resource is revitalised; it closes the plan as done.
    outcome_kind            text CHECK (outcome_kind IN ('expanded', 'new_project')),
    outcome_project_id      bigint REFERENCES projects (id),
    investment_added_wan    double precision CHECK (investment_added_wan >= 0 AND investment_added_wan < 1e9),
    expected_output_wan     double precision CHECK (expected_output_wan >= 0 AND expected_output_wan < 1e9),
    revitalised_on          date CHECK (revitalised_on BETWEEN DATE '2000-01-01' AND DATE '2100-12-31'),
    version                 integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at              timestamptz NOT NULL DEFAULT now(),
    created_by              text NOT NULL CHECK (length(created_by) BETWEEN 1 AND 200),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    updated_by              text NOT NULL CHECK (length(updated_by) BETWEEN 1 AND 200),
    CHECK ((status = 'done') = (outcome_kind IS NOT NULL AND revitalised_on IS NOT NULL
                                AND investment_added_wan IS NOT NULL AND expected_output_wan IS NOT NULL))
);
-- One open plan per resource; done and abandoned plans stay as the record.
CREATE UNIQUE INDEX plans_open_resource_ux ON plans (resource_kind, resource_code) WHERE status = 'open';
CREATE INDEX plans_zone_status_ix ON plans (zone_code, status);

CREATE TABLE plan_milestones (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id     bigint NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    title       text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    due_on      date NOT NULL CHECK (due_on BETWEEN DATE '2000-01-01' AND DATE '2100-12-31'),
    done_on     date CHECK (done_on BETWEEN DATE '2000-01-01' AND DATE '2100-12-31'),
    done_by     text CHECK (length(done_by) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((done_on IS NULL) = (done_by IS NULL))
);
CREATE INDEX plan_milestones_plan_ix ON plan_milestones (plan_id);

CREATE TABLE meetings (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    held_on     date NOT NULL CHECK (held_on BETWEEN DATE '2000-01-01' AND DATE '2100-12-31'),
    title       text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    zone_code   text REFERENCES zones (code),                -- NULL: a meeting on every zone's plans
    created_by  text NOT NULL CHECK (length(created_by) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meetings_zone_held_ix ON meetings (zone_code, held_on);

CREATE TABLE plan_progress (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id     bigint NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    on_date     date NOT NULL CHECK (on_date BETWEEN DATE '2000-01-01' AND DATE '2100-12-31'),  -- the day it happened
    written_at  timestamptz NOT NULL DEFAULT now(),                                           -- when it was written down
    written_by  text NOT NULL CHECK (length(written_by) BETWEEN 1 AND 200),
    body        text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 4000),
    meeting_id  bigint REFERENCES meetings (id)
);
CREATE INDEX plan_progress_plan_ix ON plan_progress (plan_id, on_date);

CREATE TABLE meeting_decisions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id  bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    plan_id     bigint NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    decision    text NOT NULL CHECK (length(btrim(decision)) BETWEEN 1 AND 4000),
    decided_by  text NOT NULL CHECK (length(decided_by) BETWEEN 1 AND 200),
    decided_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_decisions_meeting_ix ON meeting_decisions (meeting_id);
CREATE INDEX meeting_decisions_plan_ix ON meeting_decisions (plan_id);
