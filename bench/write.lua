-- Each request writes a note with a key no other request uses (BENCH_KEY
-- sets the keys' prefix when two wrk runs write at once).
local counter = 0
local prefix = os.getenv("BENCH_KEY") or "bench"
thread_id = 0 -- set per thread by setup()
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local key = string.format("%s-%d-%d-%d", prefix, os.time(), thread_id, counter)
  return wrk.format(nil, nil, nil,
    '{"key":"' .. key .. '","body":"Đăng ký khai sinh cho trẻ em"}')
end
