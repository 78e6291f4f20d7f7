// next/navigation for component tests: `vi.mock("next/navigation", () => import("@/tests/support/next-navigation"))`.
// One router whose calls a test reads (vi.clearAllMocks() resets them); usePathname answers `pathname.current`.
import { vi } from "vitest";

export const router = {
  push: vi.fn(),
  replace: vi.fn(),
  refresh: vi.fn(),
  back: vi.fn(),
  forward: vi.fn(),
  prefetch: vi.fn(),
};

export const pathname = { current: "/" };

export const useRouter = () => router;
export const usePathname = () => pathname.current;
