import type { FindingDto } from '../api/contract';

/**
 * A finding's stable key for URLs (`?finding=`): its code and primary object. The API gives
 * findings no id; the engine reports one situation once, and names its primary object first.
 */
export function findingKey(f: Pick<FindingDto, 'code' | 'objects'>): string {
  const o = f.objects[0];
  return o ? `${f.code}:${o.cluster}/${o.kind}/${o.namespace ?? ''}/${o.name}` : f.code;
}
