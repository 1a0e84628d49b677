export const fleetKeys = {
  all: ['fleet'] as const,
  summary: () => [...fleetKeys.all, 'summary'] as const,
  findings: () => [...fleetKeys.all, 'findings'] as const,
};
