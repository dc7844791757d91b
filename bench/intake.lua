-- Online submissions: each request a new dossier (its own Idempotency-Key),
-- committed durably before the answer.
local counter = 0
thread_id = 0 -- set per thread by setup()
local next_id = 0
local procedure = os.getenv("BENCH_PROCEDURE") or "1.000000"
local body = '{"procedure":"' .. procedure .. '","competent_unit":"000.00.01.H42",' ..
  '"applicant":{"cccd":"042190001234","full_name":"Người nộp thử","phone":"0912345678"}}'

function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
end

function request()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/public/dossiers", {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("bench-%d-%d-%d", os.time(), thread_id, counter),
  }, body)
end
