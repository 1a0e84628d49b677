import type { Detector } from './finding';
import { globalHostnameCollisions, serviceEntryCollisions } from './hostnames/collisions';
import { hostnameTooLong } from './hostnames/length';
import { staleHostnameReferences } from './hostnames/stale';

/** Hostnames: HOST501, HOST504, HOST505 (reference.md §5.2 "Hostnames"). */
export const hostnamesDetectors: Detector[] = [
  globalHostnameCollisions,
  serviceEntryCollisions,
  hostnameTooLong,
  staleHostnameReferences,
];
