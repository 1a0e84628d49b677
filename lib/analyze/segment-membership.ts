import type { Detector } from './finding';

export const segmentMembershipDetectors: Detector[] = [];
