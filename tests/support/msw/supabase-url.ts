/** The Supabase project the unit tests talk to; msw answers every request to it. */
export const SUPABASE_URL = "http://supabase.test";
export const PUBLISHABLE_KEY = "sb_publishable_unit_test_key";
export const REST_URL = `${SUPABASE_URL}/rest/v1`;
export const AUTH_URL = `${SUPABASE_URL}/auth/v1`;
