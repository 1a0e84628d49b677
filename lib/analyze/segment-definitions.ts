import type { Detector } from './finding';

export const segmentDefinitionsDetectors: Detector[] = [];
