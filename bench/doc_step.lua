-- One step of a văn bản đi on a different document each request:
-- POST /api/v1/documents/outgoing/{id}/BENCH_ACTION (submit, sign) over the
-- ids in the file BENCH_IDS (one a line), shared out among the
-- BENCH_WRK_THREADS threads. A thread whose share runs out stops; since wrk
-- still divides by the whole duration, done() then prints "ran out" and
-- bench/run reports the row as an error, not as a throughput. (wrk calls
-- request() once before the run to check the script: the first thread's
-- first id is skipped.)
local action = os.getenv("BENCH_ACTION") or "sign"
local threads = tonumber(os.getenv("BENCH_WRK_THREADS") or "2")
thread_id = 0 -- set per thread by setup()
ran_out = false
local next_id = 0
local all = {}
local ids, used = {}, 0

function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
  table.insert(all, thread)
end

function init(args)
  wrk.headers["Content-Type"] = "application/json" -- beside -H's Authorization
  local n = 0
  for line in io.lines(os.getenv("BENCH_IDS")) do
    if n % threads == thread_id - 1 then
      ids[#ids + 1] = line
    end
    n = n + 1
  end
end

function request()
  used = used + 1
  if used > #ids then
    -- Nothing left to step: a read of the last one while the thread stops.
    ran_out = true
    wrk.thread:stop()
    return wrk.format("GET", "/api/v1/documents/outgoing/" .. (ids[#ids] or "0"))
  end
  return wrk.format("POST", "/api/v1/documents/outgoing/" .. ids[used] .. "/" .. action, nil, "{}")
end

function done(summary, latency, requests)
  for _, t in ipairs(all) do
    if t:get("ran_out") then
      io.write("ran out of documents to " .. action .. "\n")
      return
    end
  end
end
