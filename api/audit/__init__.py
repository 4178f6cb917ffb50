"""The access log: events recorded per request, a hash chain over them, and its verification."""
