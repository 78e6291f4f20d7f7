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
  const shape = style === "long" ? "long" : isToday(date, onClient) ? "time" : "day";
  const text = formatter(shape, onClient ? "local" : "UTC").format(date);
  return (
    <time dateTime={iso} title={date.toISOString()}>
      {text}
    </time>
  );
}

type Shape = "long" | "time" | "day";
const SHAPES: Record<Shape, Intl.DateTimeFormatOptions> = {
  long: { dateStyle: "medium", timeStyle: "short" },
  time: { timeStyle: "short" },
  day: { month: "short", day: "numeric" },
};

// Building an Intl.DateTimeFormat costs far more than formatting with one, and a thread renders 50 timestamps:
// the six possible formatters are made once per process (server) or page (browser).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(shape: Shape, zone: "local" | "UTC"): Intl.DateTimeFormat {
  const key = `${shape}:${zone}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat("en-GB", { ...SHAPES[shape], timeZone: zone === "UTC" ? "UTC" : undefined });
    formatters.set(key, made);
  }
  return made;
}

function isToday(date: Date, local: boolean): boolean {
  const now = new Date();
  return local
    ? date.toDateString() === now.toDateString()
    : date.toISOString().slice(0, 10) === now.toISOString().slice(0, 10);
}
