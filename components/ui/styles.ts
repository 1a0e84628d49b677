/** Surface classes shared by every page, light and dark. */
export const panel =
  'rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900';
export const muted = 'text-slate-500 dark:text-slate-400';
export const control =
  'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 focus:ring-2 focus:ring-indigo-500 focus:outline-none dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';
export const button =
  'inline-flex items-center gap-1 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-700 hover:bg-slate-50 focus:ring-2 focus:ring-indigo-500 focus:outline-none disabled:opacity-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800';
export const link =
  'text-indigo-700 underline-offset-2 hover:underline focus:ring-2 focus:ring-indigo-500 focus:outline-none dark:text-indigo-300';
/** The one main action of a form or step (Next, Apply, Preview). */
export const primaryButton =
  'inline-flex items-center gap-1 rounded-md border border-indigo-600 bg-indigo-600 px-2.5 py-1 text-sm font-medium text-white hover:bg-indigo-700 focus:ring-2 focus:ring-indigo-500 focus:ring-offset-1 focus:outline-none disabled:cursor-not-allowed disabled:opacity-50 dark:border-indigo-500 dark:hover:bg-indigo-500 dark:focus:ring-offset-slate-900';
