import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";

// Always rendered per request: the benchmark's "Next.js route that does no I/O" baseline.
export const dynamic = "force-dynamic";

/** Liveness probe: answers without touching Supabase. */
export const GET = apiRoute({ auth: false }, async () => NextResponse.json({ status: "ok" }));
