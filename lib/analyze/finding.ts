import type { ObjectRef } from '../model/objects';
import type { FleetSnapshot } from '../model/snapshot';
import type { FindingCode, Severity } from './catalogue';

/** A finding in the JSON shape of README §3: what is wrong, where, and what to apply where. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  title: string;
  message: string;
  clusters: string[];
  objects: ObjectRef[];
  fix: string;
  suppressed?: boolean;
  /** Codes of findings caused by the same situation (e.g. SEG201 and its SEG204 status). */
  related?: FindingCode[];
}

/** What a detector returns; the title comes from the catalogue, severity defaults to it. */
export interface FindingDraft {
  code: FindingCode;
  severity?: Severity;
  message: string;
  clusters: string[];
  objects: ObjectRef[];
  fix: string;
  related?: FindingCode[];
}

/** One check: a pure function of the snapshot. */
export type Detector = (snapshot: FleetSnapshot) => FindingDraft[];
