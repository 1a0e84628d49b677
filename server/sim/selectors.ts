// Label and field selectors, parsed the way k8s.io/apimachinery does (labels/selector.go and
// fields/selector.go), so that kubectl sees the same acceptances, rejections and error texts as
// against a real kube-apiserver.

export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

export type LabelRequirement = {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!' | '=' | '!=' | 'gt' | 'lt';
  values: string[];
};

export type FieldRequirement = { field: string; op: '=' | '!='; value: string };

// ---------------------------------------------------------------------------------------------
// Label keys and values (k8s.io/apimachinery/pkg/util/validation)

const QUALIFIED_NAME_MAX = 63;
const DNS1123_SUBDOMAIN_MAX = 253;
const LABEL_VALUE_MAX = 63;
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);

const QUALIFIED_NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " +
  'alphanumeric character';
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', " +
  'and must start and end with an alphanumeric character';
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
  'and must start and end with an alphanumeric character';

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  const eg = examples.map((e) => `'${e}', `).join(' or ');
  return `${msg} (e.g. ${eg}regex used for validation is '${fmt}')`;
}

function maxLenError(n: number): string {
  return `must be no more than ${n} characters`;
}

function dns1123SubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  }
  return errs;
}

function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  const nameRegexError = regexError(
    QUALIFIED_NAME_MSG,
    QUALIFIED_NAME_FMT,
    'MyName',
    'my.name',
    '123-abc',
  );
  if (parts.length > 2) {
    return [
      `a qualified name ${nameRegexError} with an optional DNS subdomain prefix and '/' ` +
        "(e.g. 'example.com/MyName')",
    ];
  }
  const errs: string[] = [];
  const name = parts.length === 2 ? (parts[1] ?? '') : value;
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (prefix === '') errs.push('prefix part must be non-empty');
    else errs.push(...dns1123SubdomainErrors(prefix).map((m) => `prefix part ${m}`));
  }
  if (name === '') errs.push('name part must be non-empty');
  else if (name.length > QUALIFIED_NAME_MAX)
    errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX)}`);
  if (!QUALIFIED_NAME_RE.test(name)) errs.push(`name part ${nameRegexError}`);
  return errs;
}

function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > LABEL_VALUE_MAX) errs.push(maxLenError(LABEL_VALUE_MAX));
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  }
  return errs;
}

/** Mirrors field.Invalid(...).Error(); a nil *field.Path prints as `<nil>` in Go. */
function invalid(path: string, value: string, errs: string[]): string {
  return `${path}: Invalid value: ${JSON.stringify(value)}: ${errs.join('; ')}`;
}

// ---------------------------------------------------------------------------------------------
// Label selector lexer

type TokenKind =
  | 'ident'
  | 'in'
  | 'notin'
  | '!'
  | '='
  | '=='
  | '!='
  | '('
  | ')'
  | ','
  | '>'
  | '<'
  | 'eos'
  | 'error';

type Token = { kind: TokenKind; lit: string };

const SYMBOL_TOKENS: ReadonlyMap<string, TokenKind> = new Map<string, TokenKind>([
  ['!', '!'],
  ['!=', '!='],
  ['(', '('],
  [')', ')'],
  [',', ','],
  ['=', '='],
  ['==', '=='],
  ['>', '>'],
  ['<', '<'],
]);

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function isSpecialSymbol(ch: string): boolean {
  return '=!(),><'.includes(ch);
}

function scanIdentifierOrKeyword(s: string, start: number): [Token, number] {
  let end = start;
  while (end < s.length && !isWhitespace(s[end] ?? '') && !isSpecialSymbol(s[end] ?? '')) end++;
  const lit = s.slice(start, end);
  const kind: TokenKind = lit === 'in' || lit === 'notin' ? lit : 'ident';
  return [{ kind, lit }, end];
}

/** Longest run of special characters that still forms an operator, as the Go lexer does. */
function scanSymbol(s: string, start: number): [Token, number] {
  let best: Token | undefined;
  let end = start;
  for (let i = start; i < s.length && isSpecialSymbol(s[i] ?? ''); i++) {
    const buf = s.slice(start, i + 1);
    const kind = SYMBOL_TOKENS.get(buf);
    if (kind) {
      best = { kind, lit: buf };
      end = i + 1;
    } else if (best) {
      break;
    }
  }
  // Every single special character is itself an operator, so `best` is always set here.
  return [best ?? { kind: 'error', lit: s.slice(start, start + 1) }, Math.max(end, start + 1)];
}

function lex(s: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos] ?? '')) pos++;
    if (pos >= s.length) break;
    const [tok, next] = isSpecialSymbol(s[pos] ?? '')
      ? scanSymbol(s, pos)
      : scanIdentifierOrKeyword(s, pos);
    tokens.push(tok);
    pos = next;
  }
  tokens.push({ kind: 'eos', lit: '' });
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Label selector parser

const BINARY_OPERATORS = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'].join(', ');

/**
 * The Go parser reads `in`/`notin` as plain identifiers wherever a key or value is expected
 * (context "Values"), and as operators only right after a key.
 */
class LabelParser {
  private pos = 0;

  constructor(private readonly tokens: Token[]) {}

  lookahead(operatorContext = false): Token {
    const tok = this.tokens[this.pos] ?? { kind: 'eos', lit: '' };
    if (!operatorContext && (tok.kind === 'in' || tok.kind === 'notin')) {
      return { kind: 'ident', lit: tok.lit };
    }
    return tok;
  }

  consume(operatorContext = false): Token {
    const tok = this.lookahead(operatorContext);
    if (this.pos < this.tokens.length - 1) this.pos++;
    return tok;
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const tok = this.lookahead();
      if (tok.kind === 'eos') return reqs;
      if (tok.kind !== 'ident' && tok.kind !== '!') {
        throw new SelectorError(`found '${tok.lit}', expected: !, identifier, or 'end of string'`);
      }
      reqs.push(this.parseRequirementOrThrow());
      const sep = this.consume();
      if (sep.kind === 'eos') return reqs;
      if (sep.kind !== ',') {
        throw new SelectorError(`found '${sep.lit}', expected: ',' or 'end of string'`);
      }
      const next = this.lookahead();
      if (next.kind !== 'ident' && next.kind !== '!') {
        throw new SelectorError(`found '${next.lit}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirementOrThrow(): LabelRequirement {
    try {
      return this.parseRequirement();
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      throw new SelectorError(`unable to parse requirement: ${detail}`);
    }
  }

  private parseRequirement(): LabelRequirement {
    const { key, unary } = this.parseKeyAndInferOperator();
    if (unary) return newRequirement(key, unary, []);
    const op = this.parseOperator();
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, op, values);
  }

  private parseKeyAndInferOperator(): { key: string; unary?: 'exists' | '!' } {
    let tok = this.consume();
    const negated = tok.kind === '!';
    if (negated) tok = this.consume();
    if (tok.kind !== 'ident') throw new Error(`found '${tok.lit}', expected: identifier`);
    const keyErrs = qualifiedNameErrors(tok.lit);
    if (keyErrs.length > 0) throw new Error(invalid('<nil>', tok.lit, keyErrs));
    const next = this.lookahead().kind;
    if (next === 'eos' || next === ',') return { key: tok.lit, unary: negated ? '!' : 'exists' };
    if (negated) throw new Error(`found '${tok.lit}', expected: ',' or 'end of string'`);
    return { key: tok.lit };
  }

  private parseOperator(): LabelRequirement['op'] {
    const tok = this.consume(true);
    switch (tok.kind) {
      case 'in':
      case 'notin':
      case '=':
      case '!=':
        return tok.kind;
      case '==':
        return '=';
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      default:
        throw new Error(`found '${tok.lit}', expected: ${BINARY_OPERATORS}`);
    }
  }

  private parseValues(): string[] {
    const open = this.consume();
    if (open.kind !== '(') throw new Error(`found '${open.lit}' expected: '('`);
    const tok = this.lookahead();
    if (tok.kind === ')') {
      this.consume();
      return [''];
    }
    if (tok.kind !== 'ident' && tok.kind !== ',') {
      throw new Error(`found '${tok.lit}', expected: ',', ')' or identifier`);
    }
    const values = this.parseIdentifiersList();
    if (this.consume().kind !== ')') throw new Error(`found '${tok.lit}', expected: ')'`);
    return values;
  }

  /** Empty members (`(,a)`, `(a,,b)`, `(a,)`) count as the empty value, as in Go. */
  private parseIdentifiersList(): string[] {
    const values = new Set<string>();
    for (;;) {
      const tok = this.consume();
      if (tok.kind === 'ident') {
        values.add(tok.lit);
        const next = this.lookahead();
        if (next.kind === ')') return [...values];
        if (next.kind !== ',') throw new Error(`found '${next.lit}', expected: ',' or ')'`);
      } else if (tok.kind === ',') {
        if (values.size === 0) values.add('');
        const next = this.lookahead();
        if (next.kind === ')') {
          values.add('');
          return [...values];
        }
        if (next.kind === ',') {
          this.consume();
          values.add('');
        }
      } else {
        throw new Error(`found '${tok.lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): string[] {
    const next = this.lookahead();
    if (next.kind === 'eos' || next.kind === ',') return [''];
    const tok = this.consume();
    if (tok.kind === 'ident') return [tok.lit];
    throw new Error(`found '${tok.lit}', expected: identifier`);
  }
}

function isInteger(s: string): boolean {
  if (!/^[+-]?\d+$/.test(s)) return false;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}

/** Mirrors labels.NewRequirement's validation, which runs after parsing. */
function newRequirement(
  key: string,
  op: LabelRequirement['op'],
  values: string[],
): LabelRequirement {
  const errs: string[] = [];
  if (op === 'gt' || op === 'lt') {
    values.forEach((v, i) => {
      if (!isInteger(v)) {
        errs.push(
          invalid(`values[${i}]`, v, ["for 'Gt', 'Lt' operators, the value must be an integer"]),
        );
      }
    });
  }
  values.forEach((v, i) => {
    const valueErrs = labelValueErrors(v);
    if (valueErrs.length > 0) errs.push(invalid(`values[${i}][${key}]`, v, valueErrs));
  });
  if (errs.length === 1) throw new Error(errs[0]);
  if (errs.length > 1) throw new Error(`[${errs.join(', ')}]`);
  return { key, op, values: [...values].sort() };
}

/** Parses a `labelSelector` query value; the empty string selects everything. */
export function parseLabelSelector(s: string): LabelRequirement[] {
  return new LabelParser(lex(s)).parse();
}

function matchesRequirement(req: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, req.key);
  const value = has ? labels[req.key] : undefined;
  switch (req.op) {
    case 'in':
    case '=':
      return value !== undefined && req.values.includes(value);
    case 'notin':
    case '!=':
      return value === undefined || !req.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt':
      return compareInteger(req, value);
  }
}

function compareInteger(req: LabelRequirement, value: string | undefined): boolean {
  if (value === undefined || !isInteger(value)) return false;
  const limit = req.values[0];
  if (limit === undefined || !isInteger(limit)) return false;
  return req.op === 'gt' ? BigInt(value) > BigInt(limit) : BigInt(value) < BigInt(limit);
}

export function matchesLabels(
  reqs: LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const set = labels ?? {};
  return reqs.every((req) => matchesRequirement(req, set));
}

// ---------------------------------------------------------------------------------------------
// Field selectors

/** Splits on commas that are not backslash-escaped; escapes stay in place for unescapeValue. */
function splitTerms(s: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

// `==` is tried before `=` so that a leading `=` never ends up in the value.
const TERM_OPERATORS = ['!=', '==', '='] as const;

function splitTerm(term: string): [string, (typeof TERM_OPERATORS)[number], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

function unescapeValue(s: string): string {
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      throw new SelectorError(`invalid field selector: unescaped character in value: ${c}`);
    } else {
      out += c;
    }
  }
  if (inSlash) throw new SelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Parses a `fieldSelector` query value against the fields the resource supports. */
export function parseFieldSelector(
  s: string,
  allowedFields: readonly string[],
): FieldRequirement[] {
  const reqs: FieldRequirement[] = [];
  for (const term of s === '' ? [] : splitTerms(s)) {
    if (term === '') continue;
    const parts = splitTerm(term);
    if (!parts) throw new SelectorError(`invalid selector: '${s}'; can't understand '${term}'`);
    const [field, op, rawValue] = parts;
    reqs.push({ field, op: op === '!=' ? '!=' : '=', value: unescapeValue(rawValue) });
  }
  // The apiserver checks field names only after the whole selector has parsed.
  const unsupported = reqs.find((req) => !allowedFields.includes(req.field));
  if (unsupported) throw new SelectorError(`field label not supported: ${unsupported.field}`);
  return reqs;
}

export function matchesFields(
  reqs: FieldRequirement[],
  get: (field: string) => string | undefined,
): boolean {
  return reqs.every((req) => {
    const actual = get(req.field) ?? '';
    return req.op === '=' ? actual === req.value : actual !== req.value;
  });
}

function stringify(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return undefined;
}

/** Resolves dotted field paths (`metadata.name`, `involvedObject.kind`) against a JSON object. */
export function fieldGetter(obj: Record<string, unknown>): (field: string) => string | undefined {
  return (field) => {
    let cur: unknown = obj;
    for (const part of field.split('.')) {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
    return stringify(cur);
  };
}
