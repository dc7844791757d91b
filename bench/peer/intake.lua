-- The peer's intake: each request creates one item of bench_dossier with the
-- fields of xaso's online submission (bench/intake.lua), flattened.
local procedure = os.getenv("BENCH_PROCEDURE") or "1.000000"
local body = '{"procedure":"' .. procedure .. '","competent_unit":"000.00.01.H42",' ..
  '"applicant_cccd":"042190001234","applicant_name":"Người nộp thử","applicant_phone":"0912345678"}'

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = body
end
