import Link from 'next/link';
import type { ReactNode } from 'react';

import { HealthBanner } from '@/components/shell/health-banner';
import { LiveIndicator } from '@/components/shell/live-indicator';
import { Nav } from '@/components/shell/nav';
import { SessionControl } from '@/components/shell/session-control';

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-6 py-3">
          <Link href="/" className="flex items-center gap-2" aria-label="Segscope home">
            <span
              aria-hidden
              className="grid size-8 place-items-center rounded-md bg-indigo-600 font-bold text-white"
            >
              S
            </span>
            <span className="text-lg font-semibold">Segscope</span>
          </Link>
          <Nav />
          <div className="ml-auto flex flex-wrap items-center gap-3">
            <LiveIndicator />
            <SessionControl />
          </div>
        </div>
      </header>
      <HealthBanner />
      <main className="mx-auto w-full max-w-7xl flex-1 px-6 py-6">{children}</main>
    </div>
  );
}
