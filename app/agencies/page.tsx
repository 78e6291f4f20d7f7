import type { Metadata } from "next";
import Link from "next/link";
import { listAgencies } from "@/lib/agencies/agencies";
import { directoryPosition } from "@/lib/agencies/cursor";
import { excerpt } from "@/lib/text/excerpt";
import { createClient } from "@/lib/supabase/server";
import styles from "./agencies.module.css";
import { paths } from "@/lib/paths";

export const metadata: Metadata = { title: "Agencies" };

type Props = { searchParams: Promise<{ after?: string | string[]; before?: string | string[] }> };

export default async function AgenciesPage({ searchParams }: Props) {
  const position = directoryPosition(await searchParams);
  const { agencies, previous, next } = await listAgencies(await createClient(), position);

  return (
    <>
      <h1>Travel agencies</h1>
      <p className="lead">Independent specialists. Open one to read about them and send a message.</p>
      {agencies.length === 0 && position ? (
        <div className="card empty-state">
          <h2>No more agencies</h2>
          <Link href={paths.agencies()}>First page</Link>
        </div>
      ) : agencies.length === 0 ? (
        <div className="card empty-state">
          <span className="empty-state-icon" aria-hidden="true">
            🗺️
          </span>
          <h2>No agencies yet</h2>
          <p>Agencies appear here as soon as they join. Please check back soon.</p>
        </div>
      ) : (
        <ul className={styles.grid} aria-label="Agencies">
          {agencies.map((agency) => (
            <li key={agency.id} className={`card ${styles.item}`}>
              <span className={styles.monogram} aria-hidden="true">
                {agency.name.charAt(0)}
              </span>
              <h2 className={styles.name}>
                <Link href={paths.agency(agency.slug)} className={styles.link}>
                  {agency.name}
                </Link>
              </h2>
              <p className={styles.description}>{excerpt(agency.description, 140)}</p>
            </li>
          ))}
        </ul>
      )}
      {previous || next ? (
        <nav aria-label="Pages" className="pager">
          {previous ? (
            <Link href={paths.agencies({ before: previous })} rel="prev">
              Previous page
            </Link>
          ) : null}
          {next ? (
            <Link href={paths.agencies({ after: next })} rel="next">
              Next page
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
