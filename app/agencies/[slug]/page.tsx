import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SendMessageButton } from "@/components/messages/send-message-button";
import { getAgencyBySlugForRequest } from "@/lib/agencies/agency-by-slug-for-request";
import { getCurrentUser } from "@/lib/auth/current-user";
import styles from "./agency.module.css";
import { paths } from "@/lib/paths";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const agency = await getAgencyBySlugForRequest((await params).slug);
  return { title: agency?.name ?? "Agency not found" };
}

export default async function AgencyPage({ params }: Props) {
  const [agency, user] = await Promise.all([getAgencyBySlugForRequest((await params).slug), getCurrentUser()]);
  if (!agency) notFound();

  return (
    <article className={styles.agency}>
      <nav aria-label="Breadcrumb" className={styles.breadcrumb}>
        <Link href={paths.agencies()}>Agencies</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{agency.name}</span>
      </nav>
      <div className={`card ${styles.panel}`}>
        <div className={styles.heading}>
          <span className={styles.monogram} aria-hidden="true">
            {agency.name.charAt(0)}
          </span>
          <div>
            <p className="eyebrow">Travel agency</p>
            <h1 className={styles.name}>{agency.name}</h1>
          </div>
        </div>
        <p className={styles.description}>{agency.description}</p>
        <div className={styles.cta}>
          <SendMessageButton
            agency={{ id: agency.id, name: agency.name, slug: agency.slug }}
            userId={user?.id ?? null}
          />
          <p className={styles.ctaHint}>
            Questions about dates, prices or a custom trip? The team usually answers within a day.
          </p>
        </div>
      </div>
    </article>
  );
}
