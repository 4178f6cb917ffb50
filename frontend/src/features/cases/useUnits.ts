/**
 * The social-services units a proposal can be sent to (GET /api/v1/organizations, kind
 * social_services; only an active social-services unit may own a case). Every social-services
 * organisation is a unit in the directory, listed by name; 200 is the API's largest page, far
 * more than a municipality's units.
 */
import { $api } from "../../api/client";

export function useSocialServicesUnits() {
  return $api.useQuery(
    "get",
    "/api/v1/organizations",
    { params: { query: { kind: "social_services", limit: 200 } } },
    {
      staleTime: 5 * 60_000,
      select: (page) => page.items.filter((unit) => unit.kind === "social_services" && unit.is_active),
    },
  );
}
