"use client";

import { useEffect } from "react";
import Link from "next/link";
import { paths } from "@/lib/paths";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;

  return (
    <div className="card empty-state" role="alert">
      <span className="empty-state-icon" aria-hidden="true">
        ⛈️
      </span>
      <h1>Something went wrong</h1>
      <p>We could not load this page. This is usually temporary: please try again in a moment.</p>
      <div style={{ display: "flex", gap: "0.75rem", flexWrap: "wrap", justifyContent: "center" }}>
        <button type="button" className="button button-primary" onClick={() => retry()}>
          Try again
        </button>
        <Link href={paths.home()} className="button button-ghost">
          Go home
        </Link>
      </div>
      {digest ? <p style={{ fontSize: "0.8125rem" }}>Reference: {digest}</p> : null}
    </div>
  );
}
