import type { NextConfig } from "next";

/** On every answer, pages, API and static files alike. The pages' Content-Security-Policy is set in proxy.ts. */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The browser tests, the reliability suite and the benchmark build into folders of their own
  // (scripts/test-harness/production-app.ts): each build inlines a different stack's NEXT_PUBLIC_* values.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // JSON answers load nothing and are framed by no one.
      {
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

export default nextConfig;
