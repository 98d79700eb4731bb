import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Providers } from "./Providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Converge", template: "%s · Converge" },
  description: "How a code consolidation is going, week by week.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/" className="brand">
            Converge
          </Link>
        </header>
        <main className="page">
          <Providers>{children}</Providers>
        </main>
      </body>
    </html>
  );
}
