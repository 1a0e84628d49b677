'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

import { cn } from '@/lib/ui/cn';

const ROUTES = [
  { href: '/', label: 'Overview' },
  { href: '/findings', label: 'Findings' },
  { href: '/services', label: 'Services' },
  { href: '/clusters', label: 'Clusters' },
  { href: '/segments', label: 'Segments' },
  { href: '/activity', label: 'Activity' },
] as const;

export function Nav() {
  const path = usePathname();
  const current = (href: string) => (href === '/' ? path === '/' : path.startsWith(href));
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-1">
      {ROUTES.map((r) => (
        <Link
          key={r.href}
          href={r.href}
          aria-current={current(r.href) ? 'page' : undefined}
          className={cn(
            'rounded-md px-3 py-1.5 text-sm font-medium focus:ring-2 focus:ring-indigo-500 focus:outline-none',
            current(r.href)
              ? 'bg-indigo-50 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-200'
              : 'text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800',
          )}
        >
          {r.label}
        </Link>
      ))}
    </nav>
  );
}
