/** Synthetic statistics as the API sends them (suppressed cells have no count). */
import type { Breakdown, StatsRead } from "./model";

function breakdown(dimension: string, total: number | null, cells: Record<string, number | null>): Breakdown {
  const cell = (value: string, count: number | null) => ({ value, count, suppressed: count === null });
  return {
    dimension,
    total: cell("total", total),
    cells: Object.entries(cells).map(([value, count]) => cell(value, count)),
  };
}

export function statsRead(overrides: Partial<StatsRead> = {}): StatsRead {
  return {
    period: { from: "2026-01-01", to: "2026-05-04" },
    unit_id: null,
    min_cell: 5,
    generated_at: "2026-05-04T07:00:00Z",
    sections: {
      cases_by_status: breakdown("status", 42, {
        proposed: 6,
        assessing: null,
        decided: null,
        active: 21,
        closed: 9,
        rejected: 0,
      }),
      cases_by_target_group: breakdown("target_group", 42, { at_risk: 31, defector: 11 }),
      closures_by_reason: breakdown("closure_reason", null, {
        plan_completed: null,
        own_initiative: null,
        consent_withdrawn: null,
        moved_away: null,
        time_ended: null,
        other: null,
      }),
      proposals: breakdown("consent", 27, { reached_consent: 19, no_consent: 8 }),
      consent_to_intervention: breakdown("goal", 17, { within_goal: 12, beyond_goal: 5, pending: 0 }),
      meeting_cadence: breakdown("cadence", 21, { kept: null, overdue: null }),
      plan_items: breakdown("item_status", 0, { done: 0, not_done: 0, overdue: 0, upcoming: 0 }),
      consent_withdrawals: breakdown("withdrawn", null, {}),
    },
    consent_to_intervention: {
      goal_days: 28,
      median_days: { value: 17, suppressed: false },
      p90_days: { value: 34, suppressed: false },
      within_goal_share: { value: 0.706, suppressed: false },
    },
    meeting_cadence: { as_of: "2026-05-04T07:00:00Z", kept_share: { value: null, suppressed: true } },
    placements_avoided: { recorded: false, count: null },
    ...overrides,
  };
}
