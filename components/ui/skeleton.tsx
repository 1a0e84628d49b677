import { cn } from '@/lib/ui/cn';

/** A placeholder of the content's size, so the page does not jump when data arrives. */
export function Skeleton({ label, className }: { label: string; className?: string }) {
  return (
    <div
      aria-busy="true"
      aria-label={label}
      className={cn('animate-pulse rounded-lg bg-slate-200/70 dark:bg-slate-800', className)}
    />
  );
}

export function ErrorNote({ title, error }: { title: string; error: Error }) {
  return (
    <div
      role="alert"
      className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
    >
      <p className="font-semibold">{title}</p>
      <p className="mt-1">{error.message}</p>
    </div>
  );
}
