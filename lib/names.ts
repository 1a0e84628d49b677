/** DNS-1123 label: lower-case alphanumerics and '-', alphanumeric at both ends, ≤ 63 characters. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isDns1123Label(value: string): boolean {
  return value.length > 0 && value.length <= 63 && DNS1123_LABEL.test(value);
}

export type DomainProblem =
  | 'empty'
  | 'leading-dot'
  | 'trailing-dot'
  | 'too-long'
  | 'bad-label'
  | 'numeric-tld'
  | 'upper-case';

/**
 * Why a segment domain is invalid, following the Segment CRD (≤ 63 characters, lower-case DNS
 * labels) and istiod's webhook (no leading/trailing dot, no all-numeric top-level label);
 * reference.md §2.1.2. Undefined when it is valid.
 */
export function domainProblem(domain: string): DomainProblem | undefined {
  if (domain.length === 0) return 'empty';
  if (domain.startsWith('.')) return 'leading-dot';
  if (domain.endsWith('.')) return 'trailing-dot';
  if (domain.length > 63) return 'too-long';
  if (domain !== domain.toLowerCase()) return 'upper-case';
  const labels = domain.split('.');
  if (labels.some((l) => !isDns1123Label(l))) return 'bad-label';
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return 'numeric-tld';
  return undefined;
}

export const DOMAIN_PROBLEM_TEXT: Record<DomainProblem, string> = {
  empty: 'is empty',
  'leading-dot': 'starts with a dot',
  'trailing-dot': 'ends with a dot',
  'too-long': 'is longer than 63 characters',
  'bad-label': 'has a label that is not a lower-case DNS label',
  'numeric-tld': 'has an all-numeric top-level label',
  'upper-case': 'contains upper-case letters',
};
