import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The browser tests, the reliability suite and the benchmark build into folders of their own
  // (scripts/app/production-app.ts): each build inlines a different stack's NEXT_PUBLIC_* values.
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

export default nextConfig;
