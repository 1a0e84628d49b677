import type { Detector } from './finding';

export const servicesDetectors: Detector[] = [];
