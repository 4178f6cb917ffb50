-- POST a journal entry in the police category (covered by the case's consent). Every
-- request writes an entry and its access-log events; the body is synthetic.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
wrk.method = "POST"
wrk.path = "/api/v1/cases/" .. os.getenv("BENCH_CASE_ID") .. "/journal"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format(
  '{"kind":"police_report","category_code":"police","occurred_at":"%s",'
    .. '"body":"Belastningstest: syntetisk anteckning utan personuppgifter."}',
  os.date("!%Y-%m-%dT%H:%M:%SZ"))
