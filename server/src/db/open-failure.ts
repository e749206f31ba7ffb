/**
 * What a command-line tool prints when the database in FC_DB cannot be opened: one line naming the server (host and
 * port) or the SQLite file, why, and what to check. Never the password or the connection URL.
 */
import { DatabaseConnectionError, redactUrl, type DatabaseTarget } from './connect.js';

export function databaseOpenFailure(target: DatabaseTarget, error: unknown): string {
  if (error instanceof DatabaseConnectionError) return error.message;
  const database = target.kind === 'sqlite' ? `the SQLite database ${target.location}` : `the ${target.kind} database named by FC_DB`;
  return `Could not open ${database}: ${redactUrl(error instanceof Error ? error.message : String(error))}.`;
}
