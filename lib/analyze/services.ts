import type { Detector } from './finding';
import { inconsistentDefinition, transitiveConflict, unrelatedApps } from './services/aggregates';
import { inconsistentScope, nonTcpPorts, nothingToExport } from './services/exports';
import { scopeValues, takeoverWithoutScope } from './services/scope-labels';

/** Service scope and aggregation: SVC401–SVC404, SVC406–SVC410, SVC413 (reference.md §5.2). */
export const servicesDetectors: Detector[] = [
  scopeValues,
  takeoverWithoutScope,
  inconsistentScope,
  inconsistentDefinition,
  unrelatedApps,
  nothingToExport,
  nonTcpPorts,
  transitiveConflict,
];
