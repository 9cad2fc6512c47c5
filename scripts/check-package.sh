#!/usr/bin/env bash
# Packs the project the way npm publishes it, installs the tarball globally into a throwaway
# prefix (from the registry or the npm cache: a clean machine's install), and runs the bin:
# --version (timed), --help, and `check` on a throwaway repository.
# Not part of `npm test`: an install resolves the dependencies through the registry, which a
# test cannot do offline in bounded time. `.ci/run` runs it after `npm test`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
npm pack --silent --pack-destination "$work" >/dev/null
tarball="$(ls "$work"/readiness-gate-*.tgz)"
npm install -g --prefix "$work/prefix" --no-audit --no-fund --prefer-offline "$tarball" >/dev/null
bin="$work/prefix/bin/readiness-gate"
expected="$(node -p "require('./package.json').version")"
actual="$("$bin" --version)"
[ "$actual" = "$expected" ] || { echo "--version printed '$actual', expected '$expected'" >&2; exit 1; }
"$bin" --help | grep -q 'Usage: readiness-gate' || { echo '--help printed no usage' >&2; exit 1; }
repo="$work/repo"
mkdir "$repo" && cd "$repo"
git init -q -b main
printf '# Plan\n\n## Phase 1: Launch\n- [x] Ship it\n' > ACTION_PLAN.md
git add -A && git -c user.name=T -c user.email=t@example.invalid commit -qm base
git checkout -qb feature
printf "export const key = 'sk_live_51HxAbCdEfGhIjKlMnOp';\n" > key.ts
git add -A && git -c user.name=T -c user.email=t@example.invalid commit -qm change
set +e
"$bin" check --base main --json > "$work/out.json"
code=$?
set -e
[ "$code" = 1 ] || { echo "check exited $code, expected 1 (a planted key)" >&2; exit 1; }
node -e "const o=require('$work/out.json'); if (o.findings[0]?.rule !== 'dev-keys') process.exit(1)"
# Start-up: the best of ten runs of --version, in milliseconds (the goal is under 300 ms).
best=999999
for _ in 1 2 3 4 5 6 7 8 9 10; do
  start=$(date +%s%N); "$bin" --version >/dev/null; end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 )); [ "$ms" -lt "$best" ] && best=$ms
done
echo "package ok: $(basename "$tarball"), readiness-gate --version $actual in ${best} ms (best of 10)"
# Reported, not enforced: wall time on a shared CI machine is noise, and a red CI for noise
# would block every landing. `npm run bench:cli` measures start-up properly.
[ "$best" -lt 300 ] || echo "warning: --version took ${best} ms, expected under 300 ms" >&2
