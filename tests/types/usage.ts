// Compiled with `tsc --strict --noEmit` by scripts/test: the generated declarations
// (npm/index.d.ts, npm/web.d.ts) describe what the API is used for.
import { fix, lint, rules, validatePolicy, version, type PolicyError, type Report, type ReportDiagnostic, type SourceFile } from '../../npm/index';
import init, { lint as webLint } from '../../npm/web';

const files: SourceFile[] = [{ path: 'Dockerfile', content: 'FROM ubuntu\n' }];
const report: Report = lint(files, { positionEncoding: 'utf16', scoreFixes: true });
const first: ReportDiagnostic | undefined = report.files[0]?.diagnostics[0];
const line: number | undefined = first?.range.start.line;
const grade: 'A' | 'B' | 'C' | 'D' | 'F' = report.summary.grade;
const after: number | null | undefined = report.files[0]?.score.after_safe_fixes;
const fixed = fix(files, { unsafeFixes: true });
const content: string | undefined = fixed.files[0]?.content;
const ids: string[] = rules().map((r) => `${r.id} ${r.name} ${r.severity} ${r.has_fix} ${r.docs.length}`);
const v: string = version();
const errors: PolicyError[] = validatePolicy('extends = "strict@1"');
const where: string = errors.map((e) => `${e.line}:${e.column} ${e.message} ${e.help ?? ''}`).join();
const strict: Report = lint(files, { policy: 'strict@1' });
const hinted: Report = lint([{ path: 'build/prod.txt', content: 'FROM ubuntu\n', kind: 'dockerfile' }]);

async function browser(): Promise<number> {
  await init();
  await init(undefined, { ruleDocs: '/static/rule-docs.json' });
  return webLint(files).summary.score;
}

// @ts-expect-error: positions are utf8 or utf16
lint(files, { positionEncoding: 'utf32' });
// @ts-expect-error: files need a path
lint([{ content: '' }]);
// @ts-expect-error: the kinds are dockerfile and compose
lint([{ path: 'Makefile', content: '', kind: 'makefile' }]);

export { line, grade, after, content, ids, v, where, strict, hinted, browser };
