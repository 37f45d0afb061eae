-- wrk: POST /sessions/ with the admin token and a small JSON body.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("ADMIN_TOKEN") or "bench-admin-token-0000")
wrk.body = '{"channel":"api","data":{"note":"benchmark"}}'
