/** The case of the page: every tab of the case page reads it from the URL. */
import { useParams } from "@tanstack/react-router";

export function useCaseId(): string {
  const { caseId } = useParams({ strict: false });
  if (!caseId) throw new Error("useCaseId outside a case page");
  return caseId;
}
