#!/usr/bin/env bash
# The corpus-scale benchmark, one command: Chancery against Hugo on generated sites of
# 1,000 and 10,000 briefs (add --with-100k for 100,000; it takes several minutes).
#
#   bash benches/corpus.sh [--with-100k] [--runs 5] [--sizes 1000,10000] [--no-write]
#
# Installs Hugo (Debian's `hugo`) and hyperfine with apt-get when they are missing, builds
# the release binary and the benchmark examples, then runs examples/corpus_bench.rs, which
# rewrites the results section of BENCHMARKS.md and benches/chart.svg.
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

cargo build --release --quiet --bin chancery --example gen_corpus --example corpus_bench
exec target/release/examples/corpus_bench "$@"
