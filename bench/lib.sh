# Helpers shared by bench/run and bench/peer/run (sourced, not run).

# wrk prints latencies as 1.23ms / 850.00us / 1.2s; print them in ms.
to_ms() { awk '{ v=$1; if (v ~ /us$/) { sub(/us$/,"",v); v/=1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v) } else if (v ~ /s$/) { sub(/s$/,"",v); v*=1000 }; printf "%.2f", v }'; }

# wrk's threads in every row (scripts that share work out among them read it).
wrk_threads=2

# wrk_row NAME URL RESULTS [wrk args]: one wrk run with the bench's threads,
# connections and duration; appends "NAME rps p50_ms p99_ms [errors]" to RESULTS.
# Errors are non-2xx answers, socket errors, and a script's "ran out" (it had
# no more work for some requests, bench/doc_step.lua).
wrk_row() {
  local name=$1 url=$2 results=$3; shift 3
  local out="$results.$name.wrk"
  wrk -t"$wrk_threads" -c"$connections" -d"${duration}s" --latency "$@" "$url" >"$out"
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' "$out")
  p50=$(awk '$1=="50%" {print $2}' "$out" | to_ms)
  p99=$(awk '$1=="99%" {print $2}' "$out" | to_ms)
  errors=$(grep -E 'Non-2xx|Socket errors|^ran out' "$out" | tr '\n' ' ' || true)
  echo "$name $rps $p50 $p99 ${errors:-}" >>"$results"
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# rss_kb PID FIELD: VmRSS or VmHWM of a process, in kB.
rss_kb() { awk -v f="$2:" '$1==f {print $2}' "/proc/$1/status"; }

# wait_http URL TRIES: poll every 10 ms until URL answers 2xx.
wait_http() {
  local i
  for ((i = 0; i < $2; i++)); do
    curl -fsS -o /dev/null --max-time 1 "$1" 2>/dev/null && return 0
    sleep 0.01
  done
  return 1
}
