#!/usr/bin/env bash
# The corpus-scale benchmark, one command: Chancery against Hugo on generated sites of
# 1,000 and 10,000 briefs (add --with-100k for 100,000; it takes several minutes).
#
#   bash benches/corpus.sh [--with-100k] [--runs 5] [--sizes 1000,10000] [--no-write]
#                          [--no-lighthouse]
#
# Installs Hugo (Debian's `hugo`) and hyperfine with apt-get when they are missing, and
# Lighthouse 12.2.3 with npm into target/lighthouse (unless --no-lighthouse), builds the
# release binary and the benchmark examples, then runs examples/corpus_bench.rs, which
# prints clean build, rebuild, peak memory, output bytes and files beside Hugo, and
# Lighthouse scores per page type, and rewrites the results section of BENCHMARKS.md and
# benches/chart.svg.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v hugo >/dev/null || missing+=(hugo)
command -v hyperfine >/dev/null || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "corpus.sh: installing ${missing[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "corpus.sh: please install ${missing[*]} (apt-get install -y ${missing[*]})" >&2
  fi
fi

args=()
lighthouse=1
for arg in "$@"; do
  if [ "$arg" = --no-lighthouse ]; then lighthouse=0; else args+=("$arg"); fi
done
if [ "$lighthouse" = 1 ]; then
  if [ ! -x target/lighthouse/node_modules/.bin/lighthouse ]; then
    if command -v npm >/dev/null; then
      echo "corpus.sh: installing lighthouse@12.2.3 into target/lighthouse" >&2
      npm i -E lighthouse@12.2.3 --prefix target/lighthouse --silent >/dev/null
    else
      echo "corpus.sh: npm is missing; Lighthouse scores left out (apt-get install -y npm)" >&2
      lighthouse=0
    fi
  fi
  [ "$lighthouse" = 1 ] && args+=(--lighthouse target/lighthouse)
fi

cargo build --release --quiet --bin chancery --example gen_corpus --example corpus_bench
exec target/release/examples/corpus_bench "${args[@]}"
