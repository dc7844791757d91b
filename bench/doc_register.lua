-- The văn thư registering incoming documents (POST /api/v1/documents/incoming):
-- each request a paper công văn with a number no other request uses (the
-- thread, then six digits of its count: at most 9 999 999), so no
-- repeat is found (409 duplicate_document) and each takes the next số đến.
-- BENCH_DOC_DATE is the documents' date (not after today).
local counter = 0
thread_id = 0 -- set per thread by setup()
local next_id = 0
local date = os.getenv("BENCH_DOC_DATE") or "2026-01-05"

function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
end

-- wrk.headers keeps the Authorization given with -H.
function init(args)
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/documents/incoming", nil,
    '{"type_code":"cong_van","code_number":"' .. string.format("%d%06d", thread_id, counter) .. '",' ..
    '"code_notation":"UBND-VP","issued_date":"' .. date .. '",' ..
    '"organ_name":"Ủy ban nhân dân tỉnh Hà Tĩnh","organ_id":"000.00.00.H42",' ..
    '"subject":"V/v triển khai kế hoạch chuyển đổi số năm 2026 trên địa bàn xã",' ..
    '"signer_position":"Phó Chủ tịch","signer_full_name":"Nguyễn Văn An","page_amount":2}')
end
