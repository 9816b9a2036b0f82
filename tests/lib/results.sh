# Shared by the benchmark scripts under tests/: the machine description and the results file.
# Each script owns one section of tests/benchmark-results.md, between <!-- NAME:begin --> and <!-- NAME:end -->,
# and replaces only that section when it runs again.

# The machine's load when the script started (sourced at its start), for the note on concurrent load.
BENCH_LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

BENCH_RESULTS_FILE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/benchmark-results.md

results_file() {
  echo "$BENCH_RESULTS_FILE"
}

# The machine, for the results: cores, memory, CPU, Java, Slurm, and how loaded the machine was.
machine_description() {
  local cpu mem java slurm
  cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //')
  mem=$(free -m | awk '/^Mem:/ {printf "%.1f GB", $2 / 1024}')
  java=$(java -version 2>&1 | head -1)
  slurm=${1:-$(sinfo --version 2>/dev/null || echo 'no Slurm client on PATH')}
  echo "- machine: $(nproc) cores ($cpu), $mem memory, $(uname -sr)"
  echo "- Java: $java"
  echo "- Slurm: $slurm"
  echo "- concurrent load: load average (1, 5, 15 min) $BENCH_LOAD_START when it started, $(cut -d' ' -f1-3 /proc/loadavg) when"
  echo "  it ended (a load above the number of cores means other work competed for them: the figures are slower"
  echo "  than on a quiet machine)${BENCH_NOTE:+; $BENCH_NOTE}"
}

# Replaces (or appends) the section NAME of the results file with the text on stdin.
write_section() {
  local name=$1 file text
  file=$(results_file)
  text=$(cat)
  [[ -f $file ]] || printf '# Benchmark results\n\nWritten by the scripts that measured them; each section says how to run it again.\n' > "$file"
  NAME=$name TEXT=$text python3 - "$file" <<'PY'
import os, re, sys
path = sys.argv[1]
name, text = os.environ["NAME"], os.environ["TEXT"].rstrip("\n")
begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
block = f"{begin}\n{text}\n{end}"
with open(path) as f:
    doc = f.read()
pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
doc = pattern.sub(lambda m: block, doc) if pattern.search(doc) else doc.rstrip("\n") + "\n\n" + block + "\n"
with open(path, "w") as f:
    f.write(doc)
PY
  echo "figures written to $file (section $name)"
}
