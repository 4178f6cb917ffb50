-- GET the URL given to wrk (with the token in BENCH_TOKEN, when set).
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
