/**
 * How a failed call is explained, in one place: 403/404 as a clear message, 412 as "someone
 * else changed this", 422 on the fields themselves, a network failure or a busy server (503:
 * the request was not started) with a retry.
 * (401 never reaches a screen: the client sends the user to the login page.)
 */
import { Alert, Button, Group, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { type ApiError, type DescribeFieldError, fieldErrorsByName, toApiError } from "../api/problem";

export function errorMessageKey(error: ApiError): string {
  if (error.isNetworkFailure) return "errors.network";
  switch (error.status) {
    case 403:
      return "errors.forbidden";
    case 404:
      return "errors.notFound";
    case 409:
      return "errors.conflict";
    case 412:
      return "errors.stale";
    case 422:
      return "errors.invalid";
    case 429:
      return "errors.tooMany";
    case 503:
      return "errors.busy";
    default:
      return "errors.server";
  }
}

/** The message for an error: the server's own `detail` for 409/422 (it says what to do). */
export function useErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  return (raw) => {
    const error = toApiError(raw);
    const detail = error.problem?.detail;
    if (detail && (error.status === 409 || error.status === 400)) return detail;
    return t(errorMessageKey(error), { ref: error.problem?.request_id ?? "–" });
  };
}

/**
 * A field error in the interface's language: in Swedish the text for its rule (i18n/rules.ts),
 * otherwise, or for a rule without one, the API's own (English) message.
 */
export function useDescribeFieldError(): DescribeFieldError {
  const { t, i18n } = useTranslation("rules");
  return (fieldError) =>
    i18n.language === "sv" && i18n.exists(fieldError.rule, { ns: "rules", lng: "sv" })
      ? t(fieldError.rule)
      : fieldError.message;
}

interface ErrorAlertProps {
  error: unknown;
  onRetry?: () => void;
}

/** A failed load, in place of the content, with a retry where trying again can help. */
export function ErrorAlert({ error, onRetry }: ErrorAlertProps) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const apiError = toApiError(error);
  const queryClient = useQueryClient();
  const canRetry = apiError.isNetworkFailure || apiError.status >= 500;
  return (
    <Alert color={apiError.status === 404 || apiError.status === 403 ? "yellow" : "red"} title={t("errors.title")} role="alert">
      <Text size="sm">{message(apiError)}</Text>
      {(canRetry || apiError.status === 412) && (
        <Group mt="sm">
          <Button
            size="xs"
            variant="light"
            onClick={() => (onRetry ? onRetry() : void queryClient.invalidateQueries())}
          >
            {apiError.status === 412 ? t("actions.reload") : t("actions.retry")}
          </Button>
        </Group>
      )}
    </Alert>
  );
}

/**
 * After a failed change: field errors go onto the form (422), anything else becomes a
 * notification; a stale version (412) offers a reload of the data.
 */
export function useMutationErrorHandler() {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const describe = useDescribeFieldError();
  const queryClient = useQueryClient();
  return (raw: unknown, form?: { setErrors: (errors: Record<string, string>) => void }) => {
    const error = toApiError(raw);
    if (error.status === 422 && form && error.fieldErrors.length > 0) {
      form.setErrors(fieldErrorsByName(error, describe));
      return;
    }
    notifications.show({
      color: "red",
      title: t("errors.title"),
      message:
        error.status === 412 ? (
          <>
            {message(error)}{" "}
            <Button size="compact-xs" variant="white" onClick={() => void queryClient.invalidateQueries()}>
              {t("actions.reload")}
            </Button>
          </>
        ) : (
          message(error)
        ),
      autoClose: error.status === 412 ? false : 8000,
    });
  };
}
