-- One case and its current action plan, alternately: what opening a case shows.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
local case_path = "/api/v1/cases/" .. os.getenv("BENCH_CASE_ID")
local paths = { case_path, case_path .. "/action-plan" }
local n = 0

function request()
  n = n + 1
  return wrk.format("GET", paths[n % 2 + 1])
end
