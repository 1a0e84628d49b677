import type { Detector } from './finding';

export const trustDetectors: Detector[] = [];
