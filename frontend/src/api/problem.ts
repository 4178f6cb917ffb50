/**
 * The API's RFC 9457 problem details, and the one place that turns a failed call into
 * something the interface can explain.
 */
import type { components } from "../client/schema";

export type Problem = components["schemas"]["Problem"];
export type FieldError = components["schemas"]["FieldError"];

/** A failed API call: the problem the server sent, or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;

  constructor(status: number, problem?: Problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }

  get fieldErrors(): FieldError[] {
    return this.problem?.errors ?? [];
  }

  get isNetworkFailure(): boolean {
    return this.status === 0;
  }
}

export function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && "status" in value && "title" in value;
}

/** Whatever a call threw or returned as an error, as an ApiError. */
export function toApiError(error: unknown, response?: Response): ApiError {
  if (error instanceof ApiError) return error;
  if (isProblem(error)) return new ApiError(error.status, error);
  if (response) return new ApiError(response.status);
  return new ApiError(0);
}

/** How one field error reads on a form (components/errors.tsx: useDescribeFieldError). */
export type DescribeFieldError = (fieldError: FieldError) => string;

/**
 * Field errors keyed by the form field they belong to: the API names `body.valid_until`, a
 * form field is `valid_until` (nested: `grantors.0.name`).
 */
export function fieldErrorsByName(error: ApiError, describe: DescribeFieldError): Record<string, string> {
  const byName: Record<string, string> = {};
  for (const fieldError of error.fieldErrors) {
    const name = fieldError.field.replace(/^(body|query|path)\./, "");
    byName[name] ??= describe(fieldError);
  }
  return byName;
}
