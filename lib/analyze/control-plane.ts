import type { Detector } from './finding';

export const controlPlaneDetectors: Detector[] = [];
