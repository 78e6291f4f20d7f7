import "server-only";
import { cache } from "react";
import { getAgencyBySlug } from "@/lib/agencies/agencies";
import { createClient } from "@/lib/supabase/server";

/**
 * The agency page's read, once per request: generateMetadata and the page both need the agency, and without
 * this cache each made its own PostgREST call (2 reads per render instead of 1).
 */
export const getAgencyBySlugForRequest = cache(async (slug: string) => getAgencyBySlug(await createClient(), slug));
