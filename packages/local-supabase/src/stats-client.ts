// Reads and resets the gateway's request counters (GET/DELETE /_stack/stats, loopback clients only).
import type { GatewayStats } from "./gateway.ts";
import { expectOk } from "./http-json.ts";

export async function gatewayStats(apiUrl: string): Promise<GatewayStats> {
  return (await expectOk(await fetch(`${apiUrl}/_stack/stats`), "gateway stats")) as GatewayStats;
}

export async function resetGatewayStats(apiUrl: string): Promise<void> {
  await expectOk(await fetch(`${apiUrl}/_stack/stats`, { method: "DELETE" }), "reset gateway stats");
}
