import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/layout/site-header";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Wayfarer — travel agencies you can talk to", template: "%s · Wayfarer" },
  description: "Find a travel agency and ask them anything. Your conversations stay in one inbox.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#4f46e5",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <SiteHeader />
        <main id="main" className="page">
          {children}
        </main>
        <footer className="site-footer">Wayfarer · a demo marketplace for travel agencies</footer>
      </body>
    </html>
  );
}
