import { NextResponse } from "next/server";

// Always rendered per request: the benchmark's "Next.js route that does no I/O" baseline.
export const dynamic = "force-dynamic";

/** Liveness probe: answers without touching Supabase. */
export function GET() {
  return NextResponse.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
