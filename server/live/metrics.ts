import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The live server's Prometheus metrics, on their own registry (served at /api/metrics). */
export function createMetrics() {
  const registry = new Registry();
  return {
    registry,
    clusterHealth: new Gauge({
      name: 'segscope_cluster_health',
      help: 'Per cluster, 1 for its current health state and 0 for the others',
      labelNames: ['cluster', 'health'],
      registers: [registry],
    }),
    watchRestarts: new Counter({
      name: 'segscope_watch_restarts_total',
      help: 'Watches restarted after an error, per cluster and resource',
      labelNames: ['cluster', 'resource'],
      registers: [registry],
    }),
    watchesOpen: new Gauge({
      name: 'segscope_watches_open',
      help: 'Watch streams open, per cluster (they open after the first complete picture)',
      labelNames: ['cluster'],
      registers: [registry],
    }),
    listDuration: new Histogram({
      name: 'segscope_list_duration_seconds',
      help: 'Duration of the list calls behind each watch',
      labelNames: ['cluster', 'resource'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    analysisDuration: new Histogram({
      name: 'segscope_analysis_duration_seconds',
      help: 'Duration of one (incremental) analysis of the fleet',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    revision: new Gauge({
      name: 'segscope_revision',
      help: 'Revision of the analysed snapshot',
      registers: [registry],
    }),
    sseClients: new Gauge({
      name: 'segscope_sse_clients',
      help: 'Open /api/events streams',
      registers: [registry],
    }),
    findings: new Gauge({
      name: 'segscope_findings',
      help: 'Findings of the current revision by code and severity (suppressed ones not counted)',
      labelNames: ['code', 'severity'],
      registers: [registry],
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
