import { muted, panel } from '../ui/styles';

const Line = ({ colour, dash, label }: { colour: string; dash?: string; label: string }) => (
  <li className="flex items-center gap-2">
    <svg width="34" height="10" aria-hidden>
      <line x1="0" y1="5" x2="34" y2="5" stroke={colour} strokeWidth="2.5" strokeDasharray={dash} />
    </svg>
    {label}
  </li>
);

const Box = ({ className, label }: { className: string; label: string }) => (
  <li className="flex items-center gap-2">
    <span aria-hidden className={`inline-block size-4 rounded ${className}`} />
    {label}
  </li>
);

/** What the graph's shapes, lines and colours mean. */
export function GraphLegend() {
  return (
    <section aria-label="Legend" className={`${panel} p-3 text-xs`}>
      <h2 className="mb-2 text-sm font-semibold">Legend</h2>
      <ul className={`grid gap-1.5 ${muted}`}>
        <Box
          className="border border-dashed border-slate-400 bg-slate-50 dark:bg-slate-800"
          label="Segment (name · domain); dashed: the implicit default"
        />
        <Box
          className="border-2 border-slate-400 bg-slate-200 dark:bg-slate-700"
          label="Cluster; the badge counts its findings"
        />
        <Box className="border-sev-error border-[3px]" label="Worst finding: error" />
        <Box className="border-sev-warning border-[3px]" label="Worst finding: warning" />
        <Box className="border-sev-info border-[3px]" label="Worst finding: info" />
        <Box
          className="border-sev-error border-4 border-double ring-4 ring-red-500/20"
          label="Middle cluster of a transitive conflict"
        />
        <Box
          className="rotate-45 border-2 border-dashed border-slate-400"
          label="Segment label names a missing Segment (sits in default)"
        />
        <Box
          className="border-2 border-dotted border-slate-500 bg-slate-500"
          label="Cluster not available"
        />
        <Line colour="var(--graph-edge-ok)" label="Peering connected (arrow: who discovers whom)" />
        <Line colour="var(--color-severity-warning)" dash="5 3" label="Not connected" />
        <Line colour="var(--color-severity-error)" dash="5 3" label="Rejected (segment problem)" />
        <Line colour="var(--color-severity-error)" dash="2 2" label="Invalid gateway" />
        <Line colour="var(--graph-edge)" dash="2 2" label="Unknown / unmanaged peer" />
        <Line colour="var(--graph-accent)" label="Contributes endpoints to the chosen service" />
      </ul>
    </section>
  );
}
