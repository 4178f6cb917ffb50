/**
 * The people who can sign a consent: the young person and the guardians in the group.
 * Their names come from the case and the group as the API shows them to this reader.
 */
import { useMemo } from "react";

import type { components } from "../../client/schema";
import { type CaseWithActions, useCase } from "../case/useCase";
import { useCaseId } from "../case/useCaseId";
import { useMembers } from "../members/members";

export interface Signer {
  person_id: string;
  name: string | null;
  relation: components["schemas"]["GrantorRelation"];
}

export function useSigners(): Signer[] {
  const caseId = useCaseId();
  const caseQuery = useCase();
  const members = useMembers(caseId);
  return useMemo(() => {
    const signers: Signer[] = [];
    const young = caseQuery.data?.young_person as CaseWithActions["young_person"] | undefined;
    if (young?.id) {
      const name = [young.given_name, young.family_name].filter(Boolean).join(" ");
      signers.push({ person_id: young.id, name: name || null, relation: "young_person" });
    }
    for (const member of members.data?.items ?? []) {
      if (member.group_role !== "guardian" || !member.person_id) continue;
      if (signers.some((signer) => signer.person_id === member.person_id)) continue;
      signers.push({ person_id: member.person_id, name: member.display_name ?? null, relation: "guardian" });
    }
    return signers;
  }, [caseQuery.data, members.data]);
}
