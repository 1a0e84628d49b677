import type { Detector } from './finding';

export const hostnamesDetectors: Detector[] = [];
