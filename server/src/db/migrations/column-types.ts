/** Column types that differ between SQLite, PostgreSQL and SQL Server, so one migration builds all three. */
import { MssqlAdapter, PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

export function columnTypes(db: Kysely<unknown>) {
  const adapter = db.getExecutor().adapter;
  const mssql = adapter instanceof MssqlAdapter;
  const postgres = adapter instanceof PostgresAdapter;
  return {
    /** Unicode text of bounded length (indexable on SQL Server, where names like Zoë need nvarchar). */
    string: (length: number) => (mssql ? sql`nvarchar(${sql.raw(String(length))})` : sql`varchar(${sql.raw(String(length))})`),
    /** Unbounded text (JSON documents). */
    longText: mssql ? sql`nvarchar(max)` : sql`text`,
    autoId: postgres ? sql`bigserial` : sql`integer`,
    autoIdModifiers: (c: ColumnDefinitionBuilder) =>
      postgres ? c.primaryKey() : mssql ? c.primaryKey().identity() : c.primaryKey().autoIncrement(),
  };
}
