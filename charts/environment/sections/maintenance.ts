// Maintenance windows as data: planned work that should not page anyone.
// Each window becomes an Alertmanager time interval (`time_intervals`) and
// routes that mute the listed alerts or severities while it is active
// (`mute_time_intervals`); alerts keep firing in Prometheus and in the
// Alertmanager UI, only their notifications are held back. The Watchdog is
// never muted. Field names and formats from Alertmanager's configuration
// reference (time_intervals: weekdays, times start_time/end_time "HH:MM",
// years, months, days_of_month, location).
import { Type, type Static } from '@sinclair/typebox';
import { DnsLabel, Strict, StringEnum } from '../types';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const Clock = (description: string) => Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$', title: 'a time of day HH:MM (24:00 ends a day)', description });
const Moment = (description: string) => Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]$', title: 'a date and time YYYY-MM-DDTHH:MM', description });

export const MaintenanceWindowSchema = Strict({
  name: DnsLabel('Name of the window; becomes the Alertmanager time interval name.'),
  weekly: Type.Optional(Strict({
    days: Type.Array(StringEnum(WEEKDAYS, 'Day of the week.'), { minItems: 1, uniqueItems: true, description: 'Days on which the window starts.' }),
    from: Clock('Start, e.g. 22:00.'),
    to: Clock('End, e.g. 02:00 (before `from`: the window ends the next day).'),
  }, 'A recurring window, every week.')),
  once: Type.Optional(Strict({
    from: Moment('Start, e.g. 2026-12-05T22:00.'),
    to: Moment('End, e.g. 2026-12-06T02:00.'),
  }, 'A one-off window.')),
  location: Type.Optional(Type.String({ pattern: '^(UTC|Local|[A-Z][A-Za-z_]+(/[A-Za-z0-9_+-]+)+)$', description: 'IANA time zone of the times, e.g. Europe/Berlin (default UTC).' })),
  mute: Type.Optional(Strict({
    alerts: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), { minItems: 1, uniqueItems: true, description: 'Alert names to mute.' })),
    severities: Type.Optional(Type.Array(StringEnum(['critical', 'warning', 'info'] as const, 'Severity.'), { minItems: 1, uniqueItems: true, description: 'Severities to mute.' })),
  }, 'What to mute; both given: alerts of those names with those severities. Omitted: every alert but the Watchdog.')),
}, 'A maintenance window: `weekly` or `once`, and what it mutes.');

export const MaintenanceSchema = Type.Array(MaintenanceWindowSchema, { maxItems: 5, description: 'Maintenance windows (at most 5: their overlaps become routes).' });

export interface MaintenanceWindow {
  name: string;
  /** Alertmanager time_intervals entries (already split at midnight). */
  intervals: Array<Record<string, unknown>>;
  alerts?: string[];
  severities?: string[];
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

function weeklyIntervals(w: { days: Weekday[]; from: string; to: string }, location?: string): Array<Record<string, unknown>> {
  const loc = location ? { location } : {};
  if (minutes(w.from) < minutes(w.to)) return [{ weekdays: w.days, times: [{ start_time: w.from, end_time: w.to }], ...loc }];
  // Across midnight: the evening of each day, then the morning of the next.
  const next = w.days.map((d) => WEEKDAYS[(WEEKDAYS.indexOf(d) + 1) % 7]);
  return [
    { weekdays: w.days, times: [{ start_time: w.from, end_time: '24:00' }], ...loc },
    ...(w.to === '00:00' ? [] : [{ weekdays: next, times: [{ start_time: '00:00', end_time: w.to }], ...loc }]),
  ];
}

function onceIntervals(o: { from: string; to: string }, location?: string): Array<Record<string, unknown>> {
  const loc = location ? { location } : {};
  const day = (s: string) => new Date(`${s.slice(0, 10)}T00:00:00Z`);
  const out: Array<Record<string, unknown>> = [];
  for (let d = day(o.from); d <= day(o.to); d = new Date(d.getTime() + 86_400_000)) {
    const iso = d.toISOString().slice(0, 10);
    const start = iso === o.from.slice(0, 10) ? o.from.slice(11) : '00:00';
    const end = iso === o.to.slice(0, 10) ? o.to.slice(11) : '24:00';
    if (start === end) continue;
    out.push({ times: [{ start_time: start, end_time: end }], days_of_month: [String(d.getUTCDate())], months: [String(d.getUTCMonth() + 1)], years: [String(d.getUTCFullYear())], ...loc });
  }
  return out;
}

export function resolveMaintenance(file: Static<typeof MaintenanceSchema> | undefined): MaintenanceWindow[] {
  return (file ?? []).map((w) => ({
    name: w.name,
    intervals: w.weekly ? weeklyIntervals(w.weekly as { days: Weekday[]; from: string; to: string }, w.location) : w.once ? onceIntervals(w.once, w.location) : [],
    alerts: w.mute?.alerts,
    severities: w.mute?.severities,
  }));
}

/** Rules beyond the schema: exactly one of weekly/once, an end after the start, unique names. */
export function maintenanceIssues(file: Static<typeof MaintenanceSchema> | undefined): Array<{ path: (string | number)[]; message: string }> {
  const issues: Array<{ path: (string | number)[]; message: string }> = [];
  const seen = new Set<string>();
  (file ?? []).forEach((w, i) => {
    const at = ['maintenance', i];
    if (seen.has(w.name)) issues.push({ path: [...at, 'name'], message: `"${w.name}" is already the name of another window; expected unique names` });
    seen.add(w.name);
    if (!w.weekly === !w.once) issues.push({ path: at, message: 'expected exactly one of weekly (recurring) or once (one-off)' });
    if (w.weekly && w.weekly.from === w.weekly.to) issues.push({ path: [...at, 'weekly', 'to'], message: `${w.weekly.to}: the window would last no time; expected a time other than from` });
    if (w.once && w.once.to <= w.once.from) issues.push({ path: [...at, 'once', 'to'], message: `${w.once.to}: expected a moment after from (${w.once.from})` });
    if (w.once && Date.parse(`${w.once.to}:00Z`) - Date.parse(`${w.once.from}:00Z`) > 14 * 86_400_000) {
      issues.push({ path: [...at, 'once', 'to'], message: 'a one-off window of more than 14 days mutes too much; expected a shorter window (or a silence in Alertmanager)' });
    }
  });
  return issues;
}
