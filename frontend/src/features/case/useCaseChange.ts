/**
 * One way for every change on the case page to end: on success the affected reads are
 * invalidated, a short confirmation is shown and the modal closes; on failure 422 (and a
 * 409 that names fields) goes onto the form's fields, a 409 is explained inside the form
 * (it says why the workflow refuses), and anything else goes to the shared handler
 * (412: "someone else changed this" with a reload; network failure; 5xx).
 */
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { fieldErrorsByName, toApiError } from "../../api/problem";
import { useDescribeFieldError, useErrorMessage, useMutationErrorHandler } from "../../components/errors";

interface FormLike {
  setErrors: (errors: Record<string, string>) => void;
}

interface Options {
  /** Query paths to invalidate after success, e.g. "/api/v1/cases/{case_id}". */
  invalidate: string[];
  /** What to say after success. */
  success?: string;
  onDone?: () => void;
}

export function useCaseChange({ invalidate, success, onDone }: Options) {
  const queryClient = useQueryClient();
  const handleError = useMutationErrorHandler();
  const message = useErrorMessage();
  const describe = useDescribeFieldError();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (call: () => Promise<unknown>, form?: FormLike): Promise<boolean> => {
    setProblem(null);
    setBusy(true);
    try {
      await call();
    } catch (raw) {
      const error = toApiError(raw);
      if (error.status === 409) {
        if (form && error.fieldErrors.length > 0) form.setErrors(fieldErrorsByName(error, describe));
        setProblem(message(error));
      } else {
        handleError(error, form);
      }
      return false;
    } finally {
      setBusy(false);
    }
    await Promise.all(
      invalidate.map((path) => queryClient.invalidateQueries({ queryKey: ["get", path] })),
    );
    if (success) notifications.show({ color: "green", message: success });
    onDone?.();
    return true;
  };

  return { run, problem, busy, clearProblem: () => setProblem(null) };
}

/** Reads a case change may affect: the case, the case lists and the user's own work. */
export const CASE_READS = ["/api/v1/cases/{case_id}", "/api/v1/cases", "/api/v1/me/tasks"];
