import { cn } from '@/lib/ui/cn';

/** Where the user is in a multi-step change: an ordered list, the current step marked. */
export function Stepper({ steps, current }: { steps: readonly string[]; current: number }) {
  return (
    <ol aria-label="Steps" className="flex flex-wrap gap-2 text-sm">
      {steps.map((label, i) => (
        <li
          key={label}
          aria-current={i === current ? 'step' : undefined}
          className={cn(
            'flex items-center gap-2 rounded-full px-3 py-1',
            i === current
              ? 'bg-indigo-600 text-white'
              : i < current
                ? 'bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200'
                : 'bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300',
          )}
        >
          <span aria-hidden className="font-semibold">
            {i + 1}
          </span>
          {label}
        </li>
      ))}
    </ol>
  );
}
