import { describe, expect, it } from "vitest";

import { ApiError } from "../api/problem";
import { errorMessageKey } from "./errors";

describe("errorMessageKey", () => {
  it("tells a busy server (503, the request was not started) from a server error", () => {
    expect(errorMessageKey(new ApiError(503))).toBe("errors.busy");
    expect(errorMessageKey(new ApiError(500))).toBe("errors.server");
  });

  it("keeps the throttled and the unreachable cases apart", () => {
    expect(errorMessageKey(new ApiError(429))).toBe("errors.tooMany");
    expect(errorMessageKey(new ApiError(0))).toBe("errors.network");
  });
});
