"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * A timestamp in the reader's own time zone. The server render uses UTC (it cannot know the zone); the client
 * switches to local time right after hydration, without a hydration mismatch.
 */
export function LocalTime({ iso, style = "short" }: { iso: string; style?: "short" | "long" }) {
  const onClient = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const date = new Date(iso);
  const options: Intl.DateTimeFormatOptions =
    style === "long"
      ? { dateStyle: "medium", timeStyle: "short" }
      : isToday(date, onClient)
        ? { timeStyle: "short" }
        : { month: "short", day: "numeric" };
  const text = new Intl.DateTimeFormat("en-GB", { ...options, timeZone: onClient ? undefined : "UTC" }).format(date);
  return (
    <time dateTime={iso} title={date.toISOString()}>
      {text}
    </time>
  );
}

function isToday(date: Date, local: boolean): boolean {
  const now = new Date();
  return local
    ? date.toDateString() === now.toDateString()
    : date.toISOString().slice(0, 10) === now.toISOString().slice(0, 10);
}
