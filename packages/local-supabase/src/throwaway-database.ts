// A database of its own for one test or benchmark run, on an existing PostgreSQL server.
import { DatabaseUnreachableError } from "./database.ts";
import { errorText, withClient } from "./pg-client.ts";

export type ThrowawayDatabase = { name: string; url: string; drop(): Promise<void> };

/**
 * Creates database `<prefix>_<timestamp>_<random>` on the server of `serverUrl`; `drop()` removes it, forcing its
 * sessions out.
 */
export async function createThrowawayDatabase(serverUrl: string, prefix: string): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${Math.random().toString(36).slice(2, 6)}`;
  try {
    await withClient(serverUrl, (c) => c.query(`create database ${name}`));
  } catch (err) {
    throw new DatabaseUnreachableError(serverUrl, errorText(err));
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | null = null;
  return {
    name,
    url: url.toString(),
    drop: () =>
      (dropped ??= withClient(serverUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).then(
        () => {},
      )),
  };
}
