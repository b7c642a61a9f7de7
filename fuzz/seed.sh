#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seed inputs taken from the real-world corpus (never
# committed: fuzz/corpus is gitignored).
#
#   fuzz/seed.sh            # corpus at $SEAWORTHY_CORPUS, else <repo>/../shared/corpus
#
# dockerfile_parse: every Dockerfile of dockerfiles/ and buildkit-parser*/.
# compose_lint:     every file of compose/.
# policy_parse:     the presets in policies/ and the repository's .seaworthy.toml files.
# fix_engine:       Dockerfiles and compose files, prefixed with the mode byte the target reads
#                   (0/2: Dockerfile safe/unsafe, 1/3: compose safe/unsafe).
# lint_files:       a few hundred sets of 2-3 files (a Dockerfile, a compose file, another
#                   Dockerfile) joined by 0xFE bytes, each prefixed with a path-choosing byte.
set -euo pipefail

FUZZ="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$FUZZ/.." && pwd)"
CORPUS="${SEAWORTHY_CORPUS:-$ROOT/../shared/corpus}"
if [ ! -d "$CORPUS/dockerfiles" ] || [ ! -d "$CORPUS/compose" ]; then
    echo "seed.sh: corpus not found at $CORPUS (set SEAWORTHY_CORPUS)" >&2
    exit 1
fi

out="$FUZZ/corpus"
for t in dockerfile_parse compose_lint policy_parse fix_engine lint_files; do
    mkdir -p "$out/$t"
done

n=0
for f in "$CORPUS"/dockerfiles/* "$CORPUS"/buildkit-parser*/*/Dockerfile; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    cp "$f" "$out/dockerfile_parse/df-$n"
    { printf '\000'; cat "$f"; } > "$out/fix_engine/df-safe-$n"
    if [ $((n % 4)) -eq 0 ]; then
        { printf '\002'; cat "$f"; } > "$out/fix_engine/df-unsafe-$n"
    fi
done

m=0
for f in "$CORPUS"/compose/*; do
    [ -f "$f" ] || continue
    m=$((m + 1))
    cp "$f" "$out/compose_lint/compose-$m"
    { printf '\001'; cat "$f"; } > "$out/fix_engine/compose-safe-$m"
    { printf '\003'; cat "$f"; } > "$out/fix_engine/compose-unsafe-$m"
done

p=0
for f in "$ROOT"/policies/*.toml $(find "$ROOT/examples" "$ROOT/crates" -name '.seaworthy.toml' -o -name '*.toml' -path '*fixtures*' 2>/dev/null); do
    [ -f "$f" ] || continue
    p=$((p + 1))
    cp "$f" "$out/policy_parse/policy-$p"
done
printf 'extends = "strict@1"\n[rules]\nSWD102 = "off"\n' > "$out/policy_parse/policy-extends"

# lint_files: pair the i-th Dockerfile with the i-th compose file (and another Dockerfile).
mapfile -t dfs < <(ls "$CORPUS"/dockerfiles/* | head -n 300)
mapfile -t cps < <(ls "$CORPUS"/compose/*)
s=0
for i in "${!dfs[@]}"; do
    c="${cps[$((i % ${#cps[@]}))]}"
    d2="${dfs[$(((i * 7 + 3) % ${#dfs[@]}))]}"
    {
        printf '\000'; cat "${dfs[$i]}"
        printf '\376\001'; cat "$c"
        if [ $((i % 2)) -eq 0 ]; then printf '\376\002'; cat "$d2"; fi
    } > "$out/lint_files/set-$i"
    s=$((s + 1))
done

echo "seeded $out: dockerfile_parse $n, compose_lint $m, policy_parse $((p + 1)), fix_engine $((n + n / 4 + 2 * m)), lint_files $s"
