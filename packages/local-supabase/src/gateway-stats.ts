// The gateway's counters behind /_stack/stats. Every map has a bounded set of keys, whatever clients send:
// methods are the few the HTTP parser accepts, routes are labels from a fixed table, and the open-ended keys
// (409 codes, request ids) are capped.

export type Service = "rest" | "auth";

type ServiceStats = {
  total: number;
  byMethod: Record<string, number>;
  byStatus: Record<string, number>;
  /** "GET 200" → n */
  byMethodStatus: Record<string, number>;
  /** auth only: "GET /user" → n, by route label ("GET /admin/users/:id"); paths no route serves count as
   * `UNMATCHED_ROUTE`. Rest paths are too varied to keep. */
  byRoute: Record<string, number>;
};

export type GatewayStats = {
  since: string;
  services: Record<Service, ServiceStats>;
  /** PostgREST 409 responses per body `code`, e.g. {"23505": 3} (the first MAX_CONFLICT_CODES codes, then "other"). */
  conflicts: Record<string, number>;
  /** Requests to PostgREST sent again because their kept-alive connection failed before any byte of the answer,
   * per error code, e.g. {"ECONNRESET": 2}. */
  upstreamRetries: Record<string, number>;
  /** Requests carrying `x-request-id`, per id and service (the latest MAX_REQUEST_IDS ids). */
  byRequestId: Record<string, Partial<Record<Service, number>>>;
};

export const MAX_REQUEST_IDS = 10_000;
export const MAX_CONFLICT_CODES = 100;
export const UNMATCHED_ROUTE = "(no route)";
const OTHER_CODE = "other";

function emptyServiceStats(): ServiceStats {
  return { total: 0, byMethod: {}, byStatus: {}, byMethodStatus: {}, byRoute: {} };
}

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

export class StatsRecorder {
  private stats: GatewayStats = StatsRecorder.empty();
  private requestIds = new Map<string, Partial<Record<Service, number>>>();

  static empty(): GatewayStats {
    return {
      since: new Date().toISOString(),
      services: { rest: emptyServiceStats(), auth: emptyServiceStats() },
      conflicts: {},
      upstreamRetries: {},
      byRequestId: {},
    };
  }

  request(service: Service, requestId: string | undefined): void {
    if (!requestId) return;
    let entry = this.requestIds.get(requestId);
    if (entry) {
      this.requestIds.delete(requestId); // re-insert: Map order = recency
    } else {
      entry = {};
      if (this.requestIds.size >= MAX_REQUEST_IDS) {
        const oldest = this.requestIds.keys().next().value;
        if (oldest !== undefined) this.requestIds.delete(oldest);
      }
    }
    entry[service] = (entry[service] ?? 0) + 1;
    this.requestIds.set(requestId, entry);
  }

  /** `route` is a route label (never a raw path): see authRouteLabel. */
  response(service: Service, method: string, status: number, route?: string): void {
    const s = this.stats.services[service];
    s.total += 1;
    bump(s.byMethod, method);
    bump(s.byStatus, String(status));
    bump(s.byMethodStatus, `${method} ${status}`);
    if (route) bump(s.byRoute, `${method} ${route}`);
  }

  conflict(code: string): void {
    const known =
      Object.hasOwn(this.stats.conflicts, code) || Object.keys(this.stats.conflicts).length < MAX_CONFLICT_CODES;
    bump(this.stats.conflicts, known ? code : OTHER_CODE);
  }

  upstreamRetry(errorCode: string): void {
    bump(this.stats.upstreamRetries, errorCode);
  }

  snapshot(): GatewayStats {
    return { ...this.stats, byRequestId: Object.fromEntries(this.requestIds) };
  }

  reset(): void {
    this.stats = StatsRecorder.empty();
    this.requestIds.clear();
  }
}
