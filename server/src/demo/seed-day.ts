/**
 * The day the demo's data was made for, kept in step with the calendar. The synthetic council (seed.ts) and the fake
 * CMS pages (routes.ts) both derive dates of birth from "today": seeded on the day the server started and rendered on
 * a later day, every date on a page would be a day off from the database's, and the whole family "not linked".
 *
 * So pages are rendered for the day the data was seeded for, and the first page asked for on a new day re-seeds the
 * data first (a few seconds, once a day; requests for the same day wait for the same re-seed). Loads replace the data
 * in one switch, so lookups meanwhile see one day's data or the other's, never a mix.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { todayIn, type Clock } from '../time/calendar.js';

export interface DemoSeedResult {
  seeded: boolean;
  records: number;
}

export class DemoCalendar {
  private seededFor: string | undefined;
  private pending: Promise<string> | undefined;

  /** `seed(db, today, now)`: seeds (or keeps) the data for `today` (demo/seed.ts's seedDemoCouncil). */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly seed: (db: Kysely<Database>, today: string, now: Date) => Promise<DemoSeedResult>,
    private readonly onSeeded: (day: string, result: DemoSeedResult) => void = () => {},
  ) {}

  /** The day the data is for, once seeded. */
  get day(): string | undefined {
    return this.seededFor;
  }

  /** Seeds for today if the data is for another day (or none yet); resolves with the day the data is for. */
  async today(): Promise<string> {
    const today = todayIn(this.clock);
    if (this.seededFor === today) return today;
    if (!this.pending) {
      this.pending = (async () => {
        try {
          const result = await this.seed(this.db, today, this.clock());
          this.seededFor = today;
          this.onSeeded(today, result);
          return today;
        } finally {
          this.pending = undefined;
        }
      })();
    }
    return this.pending;
  }
}
