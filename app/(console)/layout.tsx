import type { ReactNode } from 'react';

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-3 px-6 py-4">
          <span
            aria-hidden
            className="grid size-8 place-items-center rounded-md bg-indigo-600 font-bold text-white"
          >
            S
          </span>
          <div>
            <p className="text-lg leading-tight font-semibold">Segscope</p>
            <p className="text-xs text-slate-500">
              Segments and peering of your ambient multicluster mesh
            </p>
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-6xl flex-1 px-6 py-8">{children}</main>
    </div>
  );
}
