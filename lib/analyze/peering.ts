import type { Detector } from './finding';

export const peeringDetectors: Detector[] = [];
