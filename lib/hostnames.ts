/** `<svc>.<ns>.<segment domain>`: the global hostname of a service (README §2). */
export function globalHostname(service: string, namespace: string, domain: string): string {
  return `${service}.${namespace}.${domain}`;
}

/** The cluster-local name every Kubernetes Service has. */
export function localHostname(
  service: string,
  namespace: string,
  clusterDomain = 'cluster.local',
): string {
  return `${service}.${namespace}.svc.${clusterDomain}`;
}

export type HostnameProblem =
  { kind: 'too-long'; length: number } | { kind: 'label-too-long'; label: string };

/** DNS limits a generated hostname must respect: 253 characters, 63 per label (HOST504). */
export function hostnameProblem(hostname: string): HostnameProblem | undefined {
  if (hostname.length > 253) return { kind: 'too-long', length: hostname.length };
  const long = hostname.split('.').find((l) => l.length > 63);
  return long ? { kind: 'label-too-long', label: long } : undefined;
}

/** Small non-cryptographic fingerprint (FNV-1a, 64 bit as two 32-bit halves) for display and equality. */
export function fingerprint(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x811c9dc5) >>> 0;
  }
  return `${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}`;
}
