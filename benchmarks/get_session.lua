-- wrk: GET /sessions/{id} (the id is in the URL) with the admin token.
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("ADMIN_TOKEN") or "bench-admin-token-0000")
